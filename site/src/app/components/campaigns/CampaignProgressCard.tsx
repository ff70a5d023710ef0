import { exportUrl } from "../../api/client";
import { useCancelAll, useProgress, useRetryFailed } from "../../api/queries";
import { formatDuration, plural } from "../../lib/format";
import { ConfirmButton } from "../ConfirmButton";
import { ErrorMessage } from "../ErrorMessage";
import { ProgressBar } from "../ProgressBar";
import { QueryState } from "../QueryState";

/** Where the campaign's renders stand, its ETA, and the actions on all of them. */
export function CampaignProgressCard({ campaignId }: { campaignId: string }) {
  const progress = useProgress(campaignId);
  const cancelAll = useCancelAll(campaignId);
  const retry = useRetryFailed(campaignId);
  return (
    <section className="card summary" aria-label="Campaign progress">
      <QueryState query={progress} what="progress">
        {(p) => {
          const running = p.states.queued + p.states.active;
          return (
            <div className="stack">
              <div className="row">
                <strong data-testid="campaign-done">
                  {p.rendered} of {plural(p.leads, "video")} ready
                </strong>
                {running > 0 && (
                  <span className="hint">
                    {p.states.active} rendering, {p.states.queued} queued
                    {p.etaMs !== null ? ` · about ${formatDuration(p.etaMs)} left` : " · estimating…"}
                  </span>
                )}
                {p.states.failed > 0 && <span className="hint error-text">{p.states.failed} failed</span>}
                {p.states.cancelled > 0 && <span className="hint">{p.states.cancelled} cancelled</span>}
                <span className="spacer" />
                {running > 0 && (
                  <ConfirmButton
                    question={`Stop all ${plural(running, "render")}? Running ones stop within seconds.`}
                    confirmLabel="Cancel all renders"
                    disabled={cancelAll.isPending}
                    onConfirm={() => cancelAll.mutate()}
                  >
                    Cancel all
                  </ConfirmButton>
                )}
                {p.states.failed > 0 && (
                  <button
                    type="button"
                    className="btn secondary small"
                    disabled={retry.isPending}
                    onClick={() => retry.mutate()}
                  >
                    Retry {plural(p.states.failed, "failed render")}
                  </button>
                )}
                {p.leads > 0 && (
                  <a className="btn secondary small" href={exportUrl(campaignId)} download>
                    Export CSV
                  </a>
                )}
              </div>
              <ProgressBar
                value={p.fraction}
                label="Campaign progress"
                tone={p.leads > 0 && p.rendered === p.leads ? "done" : "active"}
              />
              <ErrorMessage error={cancelAll.error ?? retry.error} />
            </div>
          );
        }}
      </QueryState>
    </section>
  );
}
