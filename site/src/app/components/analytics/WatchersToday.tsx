import { useWatchersToday } from "../../api/analytics-queries";
import { formatAgo } from "../../lib/format";
import { leadTitle } from "../../lib/landing";
import { href } from "../../lib/router";
import { QueryState } from "../QueryState";
import { WatchProgress } from "./WatchProgress";
import "./analytics.css";

/** Leads of this campaign who opened their page today (UTC), most recent first. */
export function WatchersToday({ campaignId }: { campaignId: string }) {
  const watchers = useWatchersToday();
  return (
    <section className="card" aria-label="Who watched today">
      <h2 className="section-title">Who watched today</h2>
      <QueryState
        query={watchers}
        what="today’s viewers"
        isEmpty={(d) => !d.watchers.some((w) => w.campaignId === campaignId)}
        empty="Nobody opened their page today yet. Views show up here within seconds."
      >
        {(d) => (
          <ul className="plain-list watchers">
            {d.watchers
              .filter((w) => w.campaignId === campaignId)
              .map((w) => {
                const name = leadTitle(w.fields);
                return (
                  <li key={w.leadId} className="watcher" data-lead={w.leadId}>
                    <a href={href({ view: "lead", campaignId, leadId: w.leadId })}>
                      <strong>{name}</strong>
                    </a>
                    <span className="hint">{formatAgo(w.lastSeenAt)}</span>
                    <WatchProgress percent={w.maxPercent} played={w.played} name={name} />
                    <span className="watcher-badges">
                      {w.played && <span className="badge active">played</span>}
                      {w.clicked && <span className="badge done">clicked</span>}
                      {w.booked && <span className="badge done">booked</span>}
                    </span>
                  </li>
                );
              })}
          </ul>
        )}
      </QueryState>
    </section>
  );
}
