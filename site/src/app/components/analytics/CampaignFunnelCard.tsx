import { useFunnel } from "../../api/analytics-queries";
import { QueryState } from "../QueryState";
import { FunnelChart } from "./FunnelChart";

export function CampaignFunnelCard({ campaignId }: { campaignId: string }) {
  const funnel = useFunnel(campaignId);
  return (
    <section className="card" aria-label="Campaign funnel">
      <h2 className="section-title">Funnel</h2>
      <QueryState query={funnel} what="the funnel">
        {(f) =>
          f.sent === 0 && f.viewed === 0 ? (
            <p className="empty">
              No video is done yet: the funnel starts when the first one is ready to send.
            </p>
          ) : (
            <FunnelChart funnel={f} />
          )
        }
      </QueryState>
    </section>
  );
}
