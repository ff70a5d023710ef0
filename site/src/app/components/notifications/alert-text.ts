import type { Notification } from "../../api/schema";

const WHAT_HAPPENED: Record<Notification["kind"], string> = {
  opened: "opened the page with your video",
  watched_half: "watched more than half of your video",
  clicked: "clicked your call to action",
};

/** "Maria Lopez (Crumb & Co.) watched more than half of your video", as the e-mails say it. */
export function describeAlert(n: Pick<Notification, "kind" | "leadName" | "company">): string {
  const who = n.leadName && n.company ? `${n.leadName} (${n.company})` : n.leadName || n.company || "A lead";
  return `${who} ${WHAT_HAPPENED[n.kind]}`;
}
