import { useRerenderAll } from "../../api/queries";
import { ActionButton } from "../ActionButton";
import { ErrorMessage } from "../ErrorMessage";

/**
 * Shown once new scenes are saved: finished videos keep the old scenes (the edge stores a render's
 * video as it was made), so re-rendering every lead is offered to apply the new ones.
 */
export function RerenderNotice({ campaignId, finished }: { campaignId: string; finished: number }) {
  const rerender = useRerenderAll(campaignId);
  const queued = rerender.data?.renders.length;
  return (
    <div className="alert ok stack" role="status">
      <span>
        Scenes saved.{" "}
        {finished > 0
          ? `The ${finished} video${finished === 1 ? "" : "s"} already made keep the old scenes; re-render to apply the new ones.`
          : "Every render queued from now on uses them."}
      </span>
      {queued !== undefined ? (
        <span>
          Queued {queued} render{queued === 1 ? "" : "s"} with the new scenes.
        </span>
      ) : (
        <div className="row">
          <ActionButton
            pending={rerender.isPending}
            pendingLabel="Queueing…"
            onClick={() => rerender.mutate()}
          >
            Re-render all
          </ActionButton>
          <span className="hint">Leads whose video is still rendering are skipped.</span>
        </div>
      )}
      <ErrorMessage error={rerender.error} />
    </div>
  );
}
