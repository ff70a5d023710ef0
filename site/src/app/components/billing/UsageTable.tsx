import { useUsage } from "../../api/billing-queries";
import { href } from "../../lib/router";
import { ActionButton } from "../ActionButton";
import { QueryState } from "../QueryState";
import { DataTable } from "../table/DataTable";

/** The renders that used this period's minutes, newest first, with their campaign. */
export function UsageTable() {
  const usage = useUsage();
  return (
    <section className="stack" aria-label="Renders this period">
      <h2 className="section-title">Renders this period</h2>
      <QueryState
        query={usage}
        what="usage"
        empty="No video was delivered in this period yet. Render a campaign's leads to use your minutes."
      >
        {(rows) => (
          <DataTable
            columns={["Campaign", "Render", "Length", "Overage", "Finished"]}
            label="Renders that used this period's minutes"
            footer={
              usage.hasNextPage && (
                <ActionButton
                  pending={usage.isFetchingNextPage}
                  pendingLabel="Loading…"
                  onClick={() => usage.fetchNextPage()}
                >
                  Show more
                </ActionButton>
              )
            }
          >
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  {r.campaignName ? (
                    <a href={href({ view: "campaign", id: r.campaignId })}>{r.campaignName}</a>
                  ) : (
                    <span className="hint">deleted campaign</span>
                  )}
                </td>
                <td className="mono">
                  {r.renderId}
                  {r.fallback && <span className="badge"> fallback</span>}
                </td>
                <td className="num">{Math.round(r.videoSeconds)} s</td>
                <td className="num">{r.overageSeconds > 0 ? `${Math.round(r.overageSeconds)} s` : "—"}</td>
                <td>{new Date(r.createdAt).toLocaleString()}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </QueryState>
    </section>
  );
}
