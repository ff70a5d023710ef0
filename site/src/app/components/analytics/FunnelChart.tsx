import type { CampaignFunnel } from "../../api/schema";

/** `of`: how the next step's rate names this one ("40 % of those who opened"). */
const STEPS: { key: keyof CampaignFunnel; label: string; hint: string; of: string }[] = [
  // Loom-Lite does not send the e-mails: the first step is what it can know, a video ready to send.
  {
    key: "sent",
    label: "Video ready",
    hint: "leads with a finished video, ready to send",
    of: "ready videos",
  },
  { key: "viewed", label: "Viewed", hint: "opened their page", of: "those who opened" },
  { key: "played", label: "Played", hint: "started the video", of: "those who played" },
  { key: "watchedHalf", label: "Watched 50 %", hint: "watched at least half", of: "those who watched half" },
  { key: "clicked", label: "Clicked", hint: "clicked the button", of: "those who clicked" },
  { key: "booked", label: "Booked", hint: "booked a meeting", of: "those who booked" },
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
                : `${percent(count, previous)} % of ${STEPS[i - 1]?.of}`}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
