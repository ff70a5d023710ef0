import { useBulkCampaigns } from "../../api/queries";
import type { Campaign } from "../../api/schema";
import { ActionButton } from "../ActionButton";
import { ErrorMessage } from "../ErrorMessage";

/**
 * Shown while some of the campaign's videos were made before its scenes last changed (the API's
 * `figures.outdated`): one click re-renders them through the bulk render API. A rename never raises
 * it; the banner goes once every such lead has a newer video or one on its way.
 */
export function OutdatedVideosBanner({ campaign }: { campaign: Campaign }) {
  const rerender = useBulkCampaigns();
  const count = campaign.figures.outdated;
  if (count === 0 || campaign.status === "archived") return null;
  const videos = `${count} video${count === 1 ? "" : "s"}`;
  return (
    <section className="alert info stack" aria-label="Videos made with the old scenes">
      <span>
        {count === 1 ? "1 video was" : `${videos} were`} made with the old scenes. Re-render to give{" "}
        {count === 1 ? "it" : "them"} the current ones.
      </span>
      <div className="row">
        <ActionButton
          pending={rerender.isPending}
          pendingLabel="Queueing…"
          onClick={() => rerender.mutate({ action: "rerender", ids: [campaign.id] })}
        >
          Re-render {videos}
        </ActionButton>
        <span className="hint">
          Leads still rendering are left as they are; leads without a video get one too.
        </span>
      </div>
      <ErrorMessage error={rerender.error} />
    </section>
  );
}
