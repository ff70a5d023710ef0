import { useBulkCampaigns } from "../../api/queries";
import type { BulkAction } from "../../api/schema";
import { plural } from "../../lib/format";
import { ConfirmButton } from "../ConfirmButton";
import { ErrorMessage } from "../ErrorMessage";

const ACTIONS: { action: BulkAction; label: string; question: (n: string) => string; tone: string }[] = [
  {
    action: "rerender",
    label: "Re-render",
    question: (n) => `Queue new videos for every lead of ${n}?`,
    tone: "btn secondary small",
  },
  {
    action: "archive",
    label: "Archive",
    question: (n) => `Archive ${n}? Landing pages stay up.`,
    tone: "btn secondary small",
  },
  {
    action: "restore",
    label: "Restore",
    question: (n) => `Restore ${n}?`,
    tone: "btn secondary small",
  },
  {
    action: "delete",
    label: "Delete",
    question: (n) => `Delete ${n} with their leads, videos and landing pages? This cannot be undone.`,
    tone: "btn danger small",
  },
];

/** Actions on the selected campaigns, each asking first. */
export function BulkBar({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const bulk = useBulkCampaigns();
  const what = plural(ids.length, "campaign");
  return (
    <div className="card row bulk-bar" role="toolbar" aria-label="Selected campaigns">
      <strong>{what} selected</strong>
      <span className="spacer" />
      {ACTIONS.map((a) => (
        <ConfirmButton
          key={a.action}
          className={a.tone}
          question={a.question(what)}
          confirmLabel={`${a.label} ${what}`}
          disabled={bulk.isPending}
          onConfirm={() => bulk.mutate({ action: a.action, ids }, { onSuccess: onDone })}
        >
          {a.label}
        </ConfirmButton>
      ))}
      <ErrorMessage error={bulk.error} />
      {bulk.data && (
        <span className="hint" role="status">
          {bulk.data.action === "rerender" ? `${plural(bulk.data.queued, "render")} queued.` : "Done."}
        </span>
      )}
    </div>
  );
}
