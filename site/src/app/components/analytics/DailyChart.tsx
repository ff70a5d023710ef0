import type { DayCounts } from "../../api/schema";
import { TableHead } from "../table/DataTable";

const shortDay = (date: string) =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString(undefined, {
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  });

/** Views and plays per UTC day as CSS bars; a table says the same to screen readers. */
export function DailyChart({ days }: { days: DayCounts[] }) {
  const max = Math.max(1, ...days.map((d) => Math.max(d.views, d.plays)));
  const total = days.reduce((sum, d) => sum + d.views, 0);
  return (
    <figure className="daily">
      <div className="daily-bars" aria-hidden="true">
        {days.map((d) => (
          <div
            key={d.date}
            className="daily-day"
            title={`${shortDay(d.date)}: ${d.views} views, ${d.plays} plays`}
          >
            <div className="daily-pair">
              <span className="daily-bar views" style={{ height: `${(d.views / max) * 100}%` }} />
              <span className="daily-bar plays" style={{ height: `${(d.plays / max) * 100}%` }} />
            </div>
            <span className="daily-date">{Number(d.date.slice(8, 10))}</span>
          </div>
        ))}
      </div>
      <figcaption className="hint row">
        <span className="legend views">Views</span>
        <span className="legend plays">Plays</span>
        <span>
          {total} view{total === 1 ? "" : "s"} from {shortDay(days[0]?.date ?? "")} to{" "}
          {shortDay(days[days.length - 1]?.date ?? "")} (UTC days)
        </span>
      </figcaption>
      <table className="sr-only" aria-label="Views and plays per day">
        <TableHead columns={["Day", "Views", "Plays", "Clicks"]} />
        <tbody>
          {days.map((d) => (
            <tr key={d.date}>
              <td>{d.date}</td>
              <td>{d.views}</td>
              <td>{d.plays}</td>
              <td>{d.clicks}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
