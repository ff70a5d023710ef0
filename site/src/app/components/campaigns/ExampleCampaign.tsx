import type { Campaign } from "../../api/schema";

/** Marks the platform's example campaign wherever campaigns are listed or shown: it is not the rep's. */
export function ExampleBadge() {
  return (
    <span className="badge active" title="Made by Loom-Lite to show how a campaign works">
      Example
    </span>
  );
}

/** What the example is and what pressing "Render all" on it costs, above its tabs. */
export function ExampleCampaignNote({ campaign }: { campaign: Campaign }) {
  if (!campaign.example) return null;
  return (
    <section className="alert info stack" aria-label="About the example campaign">
      <p>
        <ExampleBadge /> This campaign was made for you to explore: a demo facecam and three example leads
        whose websites are Loom-Lite's own pages. Press “Render all” on the Leads tab to watch their videos
        being made; like every video, they count against your plan's minutes (about 12 s each).
      </p>
      <p className="hint">
        Change anything here, or delete it when you are done; your own campaigns are separate.
      </p>
    </section>
  );
}
