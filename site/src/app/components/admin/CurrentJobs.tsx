import { useNodes } from "../../api/admin-queries";
import { QueryState } from "../QueryState";
import { DataTable } from "../table/DataTable";

/** Every render a node holds right now, across workspaces. */
export function CurrentJobs() {
  const nodes = useNodes();
  return (
    <section className="card" aria-label="Current jobs">
      <h2 className="section-title">Current jobs</h2>
      <QueryState
        query={nodes}
        what="jobs"
        isEmpty={(list) => list.every((n) => n.renders.length === 0)}
        empty="No render is running."
      >
        {(list) => (
          <DataTable columns={["Render", "Workspace", "Node", "State", "Progress"]}>
            {list.flatMap((node) =>
              node.renders.map((r) => (
                <tr key={r.id}>
                  <td className="mono">{r.id}</td>
                  <td className="mono">{r.workspaceId}</td>
                  <td>{node.name}</td>
                  <td>
                    <span className="badge active">{r.state}</span>
                  </td>
                  <td>{Math.round(r.progress * 100)}%</td>
                </tr>
              )),
            )}
          </DataTable>
        )}
      </QueryState>
    </section>
  );
}
