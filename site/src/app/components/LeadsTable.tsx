import { isRenderPending, useCancelRender, useEnqueueRenders } from "../api/queries";
import type { Lead } from "../api/types";
import { landingUrl, leadTitle } from "../lib/landing";
import { ErrorMessage } from "./ErrorMessage";
import { ProgressBar } from "./ProgressBar";
import { StateBadge } from "./StateBadge";

interface Props {
  campaignId: string;
  leads: Lead[];
  workspaceSlug?: string;
  onWatch: (lead: Lead) => void;
}

export function LeadsTable({ campaignId, leads, workspaceSlug, onWatch }: Props) {
  const cancel = useCancelRender(campaignId);
  const enqueue = useEnqueueRenders(campaignId);

  if (leads.length === 0) {
    return <p className="empty">No leads yet. Paste a CSV above to add some.</p>;
  }
  return (
    <>
      <ErrorMessage error={cancel.error ?? enqueue.error} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Lead</th>
              <th scope="col">Website</th>
              <th scope="col">Render</th>
              <th scope="col">Progress</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {leads.map((lead) => {
              const r = lead.render;
              const title = leadTitle(lead.fields);
              const tone = r?.state === "done" ? "done" : r?.state === "failed" ? "failed" : "active";
              return (
                <tr key={lead.id}>
                  <td>
                    <strong>{title}</strong>
                    {lead.fields.company && title !== lead.fields.company && (
                      <div className="hint">{lead.fields.company}</div>
                    )}
                  </td>
                  <td className="mono truncate">{lead.fields.website ?? "—"}</td>
                  <td>
                    <StateBadge state={r?.state ?? null} />
                  </td>
                  <td className="progress-cell">
                    {r && (
                      <>
                        <ProgressBar
                          value={r.state === "done" ? 1 : r.progress}
                          label={`Render of ${title}`}
                          tone={tone}
                        />
                        <div className="hint">
                          {r.error
                            ? r.error
                            : isRenderPending(lead)
                              ? `${r.stage ?? r.state} · ${Math.round(r.progress * 100)}%`
                              : ""}
                        </div>
                      </>
                    )}
                  </td>
                  <td className="actions">
                    {r?.state === "done" && (
                      <button type="button" className="btn small" onClick={() => onWatch(lead)}>
                        Watch
                      </button>
                    )}
                    {r?.state === "done" && workspaceSlug && (
                      <a
                        className="btn secondary small"
                        href={landingUrl(workspaceSlug, lead.slug)}
                        target="_blank"
                        rel="noreferrer"
                      >
                        Page
                      </a>
                    )}
                    {r && isRenderPending(lead) && (
                      <button
                        type="button"
                        className="btn danger small"
                        disabled={cancel.isPending && cancel.variables === r.id}
                        onClick={() => cancel.mutate(r.id)}
                        aria-label={`Cancel the render of ${title}`}
                      >
                        Cancel
                      </button>
                    )}
                    {(!r || r.state === "failed" || r.state === "cancelled") && (
                      <button
                        type="button"
                        className="btn secondary small"
                        disabled={enqueue.isPending}
                        onClick={() => enqueue.mutate([lead.id])}
                        aria-label={`Render the video of ${title}`}
                      >
                        {r ? "Retry" : "Render"}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
