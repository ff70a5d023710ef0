import { useBilling } from "../../api/billing-queries";

interface Props {
  /** Renders the button would queue. */
  count: number;
  /** Length of each video (the scenes and the length choice against the facecam); null while unknown. */
  secondsEach: number | null;
}

/** Said next to a render button before queueing: some of these renders would wait for minutes. */
export function RenderLimitNotice({ count, secondsEach }: Props) {
  const b = useBilling().data;
  if (!b?.enabled || count === 0) return null;
  if (b.blocked) return <span className="hint error-text">Renders are refused: {b.blocked}</span>;
  const remaining = b.usage.remainingSeconds;
  const fits = secondsEach ? Math.floor(remaining / secondsEach) : remaining > 0 ? count : 0;
  if (fits >= count) return null;
  return (
    <span className="hint error-text">
      {fits === 0 ? "None" : `Only ${fits}`} of these {count} renders fit in this period’s remaining minutes;
      the rest will be held until the period renews, overage is allowed or the plan is upgraded.
    </span>
  );
}
