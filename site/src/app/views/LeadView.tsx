import { useLead } from "../api/leads-queries";
import { LeadTimeline } from "../components/analytics/LeadTimeline";
import { FallbackBadge, fallbackReason } from "../components/FallbackBadge";
import { LeadMedia } from "../components/LeadMedia";
import { EmailSnippet } from "../components/leads/EmailSnippet";
import { QueryState } from "../components/QueryState";
import { StateBadge } from "../components/StateBadge";
import { leadTitle, previewHref } from "../lib/landing";
import { href } from "../lib/router";

/** One lead: what they did on their page (live), their media and the email snippet to send them. */
export function LeadView({ campaignId, leadId }: { campaignId: string; leadId: string }) {
  const lead = useLead(leadId);
  return (
    <div className="stack narrow">
      <a className="hint" href={href({ view: "campaign", id: campaignId })}>
        ← Campaign
      </a>
      <QueryState query={lead} what="lead">
        {(l) => {
          const name = leadTitle(l.fields);
          return (
            <>
              <div className="page-head">
                <h1>{name}</h1>
                <p className="hint row">
                  <StateBadge state={l.render?.state ?? null} />
                  <FallbackBadge fallbacks={l.render?.fallbacks} />
                  {l.fields.company && name !== l.fields.company && <span>{l.fields.company}</span>}
                  <a
                    href={previewHref(l.id)}
                    target="_blank"
                    rel="noreferrer"
                    title="Opens the page as your team: your visits are not counted as the prospect's"
                  >
                    Landing page
                  </a>
                  {l.render?.state === "done" && <LeadMedia render={l.render} title={name} />}
                </p>
              </div>
              {l.render && l.render.fallbacks.length > 0 && (
                <p className="alert" role="note">
                  This video shows the campaign's fallback page, not {name}'s own site.{" "}
                  {fallbackReason(l.render.fallbacks)}.
                </p>
              )}
              <LeadTimeline leadId={leadId} name={name} />
              <section className="card" aria-label="Email snippet">
                <h2 className="section-title">Email snippet</h2>
                <EmailSnippet leadId={leadId} />
              </section>
            </>
          );
        }}
      </QueryState>
    </div>
  );
}
