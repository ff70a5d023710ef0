import { ANALYTICS_POLL_MS } from "../../api/analytics-queries";
import { CampaignFunnelCard } from "./CampaignFunnelCard";
import { DailyChartCard } from "./DailyChartCard";
import { WatchersToday } from "./WatchersToday";
import "./analytics.css";

/** The campaign's viewer analytics: funnel, views over time and today's viewers, refreshed live. */
export function CampaignAnalytics({ campaignId }: { campaignId: string }) {
  return (
    <div className="stack">
      <CampaignFunnelCard campaignId={campaignId} />
      <div className="analytics-grid">
        <DailyChartCard campaignId={campaignId} />
        <WatchersToday campaignId={campaignId} />
      </div>
      <p className="hint">
        Live: updates every {ANALYTICS_POLL_MS / 1000} s. Link previews, bots and mail scanners are not
        counted. Open a lead’s activity from its row or from “Who watched today”.
      </p>
    </div>
  );
}
