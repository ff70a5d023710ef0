import { useId, useState } from "react";
import { useDaily } from "../../api/analytics-queries";
import { QueryState } from "../QueryState";
import { DailyChart } from "./DailyChart";

const RANGES = [7, 14, 30] as const;

export function DailyChartCard({ campaignId }: { campaignId: string }) {
  const id = useId();
  const [days, setDays] = useState<number>(14);
  const daily = useDaily(campaignId, days);
  return (
    <section className="card" aria-label="Views and plays over time">
      <div className="row">
        <h2 className="section-title">Over time</h2>
        <span className="spacer" />
        <label htmlFor={`${id}-days`} className="hint">
          Days
        </label>
        <select
          id={`${id}-days`}
          className="compact-select"
          value={days}
          onChange={(e) => setDays(Number(e.currentTarget.value))}
        >
          {RANGES.map((n) => (
            <option key={n} value={n}>
              Last {n} days
            </option>
          ))}
        </select>
      </div>
      <QueryState
        query={daily}
        what="views per day"
        isEmpty={(list) => list.every((d) => d.views + d.plays === 0)}
        empty={`No views in the last ${days} days. Send leads the links to their pages to get the first.`}
      >
        {(list) => <DailyChart days={list} />}
      </QueryState>
    </section>
  );
}
