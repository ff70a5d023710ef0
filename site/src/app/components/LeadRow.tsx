import { isRenderPending } from "../api/queries";
import type { Lead } from "../api/schema";
import { formatDuration } from "../lib/format";
import { leadTitle, previewHref } from "../lib/landing";
import { href } from "../lib/router";
import { FallbackBadge } from "./FallbackBadge";
import { LeadMedia } from "./LeadMedia";
import { CopySnippetButton } from "./leads/CopySnippetButton";
import { ProgressBar } from "./ProgressBar";
import { StateBadge } from "./StateBadge";

interface Props {
  lead: Lead;
  /** Links the row to the lead's activity screen. */
  campaignId?: string;
  /** The progress endpoint's estimate for this lead's render, when it is pending. */
  etaMs: number | null | undefined;
  busy: boolean;
  selected: boolean;
  onToggle: () => void;
  onEdit: () => void;
  onWatch: () => void;
  onCancel: () => void;
  onRender: () => void;
}

export function LeadRow(props: Props) {
  const { lead, campaignId, etaMs, busy, selected, onToggle, onEdit, onWatch, onCancel, onRender } = props;
  const r = lead.render;
  const title = leadTitle(lead.fields);
  const tone = r?.state === "done" ? "done" : r?.state === "failed" ? "failed" : "active";
  const pending = isRenderPending(lead);
  return (
    <tr data-lead={lead.id} data-state={r?.state ?? "none"}>
      <td className="lead-select">
        <input type="checkbox" checked={selected} onChange={onToggle} aria-label={`Select ${title}`} />
      </td>
      <td className="lead-name">
        <strong>{title}</strong>
        {lead.fields.company && title !== lead.fields.company && (
          <div className="hint">{lead.fields.company}</div>
        )}
      </td>
      <td className="lead-site mono truncate">{lead.fields.website ?? "—"}</td>
      <td className="lead-state">
        <StateBadge state={r?.state ?? null} /> <FallbackBadge fallbacks={r?.fallbacks} />
      </td>
      <td className="progress-cell">
        {r && (
          <>
            <ProgressBar
              value={r.state === "done" ? 1 : r.progress}
              label={`Render of ${title}`}
              tone={tone}
            />
            <div className={`hint ${r.error ? "error-text" : ""}`}>
              {r.error
                ? r.error
                : pending
                  ? `${r.stage ?? r.state} · ${Math.round(r.progress * 100)}%${etaMs ? ` · ~${formatDuration(etaMs)} left` : ""}`
                  : ""}
            </div>
          </>
        )}
      </td>
      <td className="actions">
        {/* The actions wrap onto a second line rather than push the table past its box. */}
        <div className="row-actions">
          {r?.state === "done" && (
            <>
              <button type="button" className="btn small" onClick={onWatch}>
                Watch
              </button>
              <a
                className="btn secondary small"
                href={previewHref(lead.id)}
                target="_blank"
                rel="noreferrer"
                title="Opens the page as your team: your visits are not counted as the prospect's"
              >
                Page
              </a>
              <LeadMedia render={r} title={title} />
              <CopySnippetButton leadId={lead.id} title={title} />
            </>
          )}
          {r?.state === "done" && campaignId && (
            <a
              className="btn secondary small"
              href={href({ view: "lead", campaignId, leadId: lead.id })}
              aria-label={`Activity of ${title}`}
            >
              Activity
            </a>
          )}
          {r && pending && (
            <button
              type="button"
              className="btn danger small"
              disabled={busy}
              onClick={onCancel}
              aria-label={`Cancel the render of ${title}`}
            >
              Cancel
            </button>
          )}
          {(!r || r.state === "failed" || r.state === "cancelled") && (
            <button
              type="button"
              className="btn secondary small"
              disabled={busy}
              onClick={onRender}
              aria-label={`Render the video of ${title}`}
            >
              {r ? "Retry" : "Render"}
            </button>
          )}
          {!pending && (
            <button
              type="button"
              className="btn secondary small"
              onClick={onEdit}
              aria-label={`Edit ${title}`}
            >
              Edit
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}
