import type { WatchAlertKind } from "@loom-lite/schema/db";
import type { OutgoingEmail } from "../outbox";

/** Watch-alert e-mails carry no secret link; the outbox keeps them a month. */
export const WATCH_ALERT_EMAIL_KEPT_FOR_MS = 31 * 24 * 60 * 60 * 1000;

/** One alert as the e-mails tell it. */
export interface AlertForEmail {
  kind: WatchAlertKind;
  createdAt: Date;
  leadId: string;
  campaignId: string;
  fields: Record<string, string>;
  campaignName: string;
  workspaceId: string;
  workspaceName: string;
  /** The member it is for. */
  to: string;
}

/** Where e-mails send people in the dashboard. */
export interface DashboardLinks {
  lead(campaignId: string, leadId: string): string;
  preferences: string;
}

/** The dashboard's links from its base URL (`https://app.example.com`, no trailing slash needed). */
export function dashboardLinks(baseUrl: string): DashboardLinks {
  const base = baseUrl.replace(/\/+$/, "");
  return {
    lead: (campaignId, leadId) =>
      `${base}/app#/campaigns/${encodeURIComponent(campaignId)}/leads/${encodeURIComponent(leadId)}`,
    preferences: `${base}/app#/settings/notifications`,
  };
}

const WHAT_HAPPENED: Record<WatchAlertKind, string> = {
  opened: "opened the page with your video",
  watched_half: "watched more than half of your video",
  clicked: "clicked your call to action",
};

/**
 * A lead's fields are whatever a CSV carried: one line, no control characters (a newline in a subject
 * would start a new header at a provider that writes raw MIME), and a sane length.
 */
function oneLine(value: string | undefined, max = 100): string {
  return (value ?? "")
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, max);
}

/** The person and company of a lead, as far as its fields say. */
export function leadIdentity(fields: Record<string, string>): { name: string; company: string } {
  const fullName = [fields.first_name, fields.last_name]
    .map((p) => oneLine(p))
    .filter(Boolean)
    .join(" ");
  return {
    name: fullName || oneLine(fields.name) || oneLine(fields.email),
    company: oneLine(fields.company),
  };
}

/** "Maria Lopez (Crumb & Co.)", or whichever half is known, or "A lead". */
function who(fields: Record<string, string>): string {
  const { name, company } = leadIdentity(fields);
  if (name && company) return `${name} (${company})`;
  return name || company || "A lead";
}

const utcTime = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** The e-mail for one alert, sent as it happens. */
export function instantAlertEmail(alert: AlertForEmail, links: DashboardLinks): OutgoingEmail {
  const { name, company } = leadIdentity(alert.fields);
  const headline = `${who(alert.fields)} ${WHAT_HAPPENED[alert.kind]}`;
  const lines = [
    `${headline}.`,
    "",
    ...(name ? [`Lead: ${name}`] : []),
    ...(company ? [`Company: ${company}`] : []),
    `Campaign: ${oneLine(alert.campaignName)}`,
    `When: ${utcTime(alert.createdAt)}`,
    "",
    `See the lead: ${links.lead(alert.campaignId, alert.leadId)}`,
    "",
    `You get an e-mail for each watch alert in ${oneLine(alert.workspaceName)}. Choose which, or one daily digest instead: ${links.preferences}`,
  ];
  return {
    kind: "watch_alert",
    to: alert.to,
    workspaceId: alert.workspaceId,
    subject: oneLine(headline, 200),
    text: `${lines.join("\n")}\n`,
  };
}

/** One member's digest: the alerts of one day in one workspace, oldest first. */
export function digestEmail(alerts: AlertForEmail[], links: DashboardLinks): OutgoingEmail {
  const [first] = alerts;
  if (!first) throw new Error("a digest needs at least one alert");
  const workspace = oneLine(first.workspaceName);
  const count = alerts.length === 1 ? "1 watch alert" : `${alerts.length} watch alerts`;
  const items = alerts.map(
    (a) =>
      `- ${utcTime(a.createdAt)}: ${who(a.fields)} ${WHAT_HAPPENED[a.kind]} (campaign ${oneLine(a.campaignName)})\n  ${links.lead(a.campaignId, a.leadId)}`,
  );
  return {
    kind: "watch_digest",
    to: first.to,
    workspaceId: first.workspaceId,
    subject: oneLine(`Your daily digest: ${count} in ${workspace}`, 200),
    text: `${count} in ${workspace} since the last digest:\n\n${items.join("\n")}\n\nYou get one digest a day instead of an e-mail per alert. Change this: ${links.preferences}\n`,
  };
}
