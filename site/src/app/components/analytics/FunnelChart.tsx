import type { CampaignFunnel } from "../../api/schema";

const STEPS: { key: keyof CampaignFunnel; label: string; hint: string }[] = [
  { key: "sent", label: "Sent", hint: "leads with a finished video" },
  { key: "viewed", label: "Viewed", hint: "opened their page" },
  { key: "played", label: "Played", hint: "started the video" },
  { key: "watchedHalf", label: "Watched 50 %", hint: "watched at least half" },
  { key: "clicked", label: "Clicked", hint: "clicked the button" },
  { key: "booked", label: "Booked", hint: "booked a meeting" },
];

const percent = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 100) : 0);

/** Distinct leads at each step, as bars against the leads sent, with the rate from the step before. */
export function FunnelChart({ funnel }: { funnel: CampaignFunnel }) {
  const base = Math.max(funnel.sent, funnel.viewed, 1);
  return (
    <ol className="funnel" aria-label="Funnel">
      {STEPS.map((step, i) => {
        const count = funnel[step.key];
        const previous = i > 0 ? funnel[STEPS[i - 1]?.key ?? "sent"] : undefined;
        return (
          <li key={step.key} className="funnel-step" data-step={step.key}>
            <span className="funnel-label" title={step.hint}>
              {step.label}
            </span>
            <span className="funnel-track" aria-hidden="true">
              <span className="funnel-bar" style={{ width: `${percent(count, base)}%` }} />
            </span>
            <strong className="funnel-count num" data-testid={`funnel-${step.key}`}>
              {count}
            </strong>
            <span className="funnel-rate hint">
              {previous === undefined
                ? `of ${funnel.leads} leads`
                : `${percent(count, previous)} % of ${STEPS[i - 1]?.label.toLowerCase()}`}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
