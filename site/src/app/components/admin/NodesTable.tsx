import { useNodes } from "../../api/admin-queries";
import type { RenderNodeInfo } from "../../api/schema";
import { formatAgo } from "../../lib/format";
import { QueryState } from "../QueryState";

/** A node that has not been heard from for this long is shown as stale. */
const STALE_MS = 30_000;

function health(node: RenderNodeInfo, now: number): { label: string; tone: string } {
  if (!node.lastSeenAt) return { label: "never seen", tone: "cancelled" };
  return now - new Date(node.lastSeenAt).getTime() < STALE_MS
    ? { label: "healthy", tone: "done" }
    : { label: "stale", tone: "failed" };
}

export function NodesTable() {
  const nodes = useNodes();
  const now = Date.now();
  return (
    <section className="card" aria-label="Render nodes">
      <h2 className="section-title">Render nodes</h2>
      <QueryState
        query={nodes}
        what="render nodes"
        isEmpty={(list) => list.length === 0}
        empty="No render nodes registered. Register one with POST /api/admin/nodes."
      >
        {(list) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Node</th>
                  <th scope="col">Health</th>
                  <th scope="col">Last seen</th>
                  <th scope="col">Slots</th>
                  <th scope="col">Version</th>
                </tr>
              </thead>
              <tbody>
                {list.map((node) => {
                  const h = health(node, now);
                  return (
                    <tr key={node.id}>
                      <td>
                        <strong>{node.name}</strong>
                        <div className="hint mono">{node.id}</div>
                      </td>
                      <td>
                        <span className={`badge ${h.tone}`}>{h.label}</span>
                      </td>
                      <td>{formatAgo(node.lastSeenAt, now)}</td>
                      <td>
                        {node.renders.length} / {node.capacity}
                      </td>
                      <td className="mono">{node.version ?? "—"}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </section>
  );
}
