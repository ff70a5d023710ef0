import { useTimeline } from "../../api/analytics-queries";
import type { LeadEvent } from "../../api/schema";
import { QueryState } from "../QueryState";
import { WatchProgress } from "./WatchProgress";
import "./analytics.css";

/** What a team member did on the page (opened from the dashboard): never the prospect's. */
function describeTeam(e: LeadEvent): string {
  switch (e.type) {
    case "view":
      return "Opened by your team";
    case "play":
      return "Played by your team";
    case "progress":
      return `Watched ${e.percent ?? "?"} % by your team`;
    case "cta_click":
      return "Button clicked by your team";
    case "booked":
      return "Meeting booked by your team";
    default:
      return `${e.type} by your team`;
  }
}

function describe(e: LeadEvent): string {
  if (e.audience === "team") return describeTeam(e);
  switch (e.type) {
    case "view":
      return "Opened the page";
    case "play":
      return "Played the video";
    case "progress":
      return `Watched ${e.percent ?? "?"} %`;
    case "cta_click":
      return "Clicked the button";
    case "booked":
      return "Booked a meeting";
    default:
      return e.type;
  }
}

const time = (iso: string) => new Date(iso).toLocaleString();

/**
 * Everything that happened on one lead's page, oldest first, with how far they watched. The team's own
 * visits are listed apart and never count towards the lead's progress or visits.
 */
export function LeadTimeline({ leadId, name }: { leadId: string; name: string }) {
  const timeline = useTimeline(leadId);
  return (
    <section className="card" aria-label="Activity">
      <h2 className="section-title">Activity</h2>
      <QueryState
        query={timeline}
        what="activity"
        empty={`${name} has not opened their page yet. Their views, plays and clicks show up here.`}
      >
        {(events) => {
          const prospects = events.filter((e) => e.audience === "prospect");
          const furthest = Math.max(0, ...prospects.map((e) => e.percent ?? 0));
          const visits = new Set(prospects.map((e) => e.visitId ?? e.occurredAt)).size;
          return (
            <div className="stack">
              <div className="row">
                <WatchProgress
                  percent={furthest}
                  played={prospects.some((e) => e.type === "play")}
                  name={name}
                />
                <span className="hint">
                  {visits} visit{visits === 1 ? "" : "s"}
                </span>
              </div>
              <ol className="timeline" aria-label={`Timeline of ${name}`}>
                {events.map((e, i) => (
                  <li
                    // Events have no id; their place in the ordered list is stable.
                    // biome-ignore lint/suspicious/noArrayIndexKey: append-only list, oldest first
                    key={i}
                    className={`timeline-event${e.audience === "team" ? " team" : ""}`}
                    data-type={e.type}
                    data-audience={e.audience}
                  >
                    <time dateTime={e.occurredAt}>{time(e.occurredAt)}</time>
                    <span>{describe(e)}</span>
                  </li>
                ))}
              </ol>
            </div>
          );
        }}
      </QueryState>
    </section>
  );
}
