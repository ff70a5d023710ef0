import type { Billing } from "../../api/schema";
import { formatMinutes } from "../../lib/format";

const minutes = formatMinutes;

/** The period's minutes: used, reserved by queued and running renders, and what is left of the included ones. */
export function UsageBar({ usage }: { usage: Billing["usage"] }) {
  const total = Math.max(usage.includedSeconds, usage.usedSeconds + usage.reservedSeconds, 1);
  const share = (s: number) => `${Math.min(100, (s / total) * 100)}%`;
  const percent = Math.round((usage.usedSeconds / Math.max(1, usage.includedSeconds)) * 100);
  return (
    <div className="stack">
      <div
        className="usage-bar"
        role="img"
        aria-label={`Render minutes used this period: ${minutes(usage.usedSeconds)} of ${minutes(usage.includedSeconds)} (${percent} %)`}
      >
        <span className="used" style={{ width: share(usage.usedSeconds) }} />
        <span className="reserved" style={{ width: share(usage.reservedSeconds) }} />
      </div>
      <p className="hint">
        {minutes(usage.usedSeconds)} used · {minutes(usage.reservedSeconds)} reserved by queued renders ·{" "}
        {minutes(usage.includedSeconds)} included · {minutes(usage.remainingSeconds)} left
        {usage.overageSeconds > 0 && <> · {minutes(usage.overageSeconds)} overage</>}
      </p>
    </div>
  );
}
