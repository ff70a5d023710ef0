import { useState } from "react";
import { useNodes, useRevokeNode, useRotateNodeToken } from "../../api/admin-queries";
import type { RenderNodeInfo, RenderNodeToken } from "../../api/schema";
import { formatAgo } from "../../lib/format";
import { ConfirmButton } from "../ConfirmButton";
import { ErrorMessage } from "../ErrorMessage";
import { RevokeButton } from "../RevokeButton";
import { SecretShownOnce } from "../SecretShownOnce";
import { ACTIONS_COLUMN } from "../table/DataTable";
import { QueryTable } from "../table/QueryTable";

/** A node that has not been heard from for this long is shown as stale. */
const STALE_MS = 30_000;

function health(node: RenderNodeInfo, now: number): { label: string; tone: string } {
  if (node.revokedAt) return { label: "revoked", tone: "failed" };
  if (!node.lastSeenAt) return { label: "never seen", tone: "cancelled" };
  return now - new Date(node.lastSeenAt).getTime() < STALE_MS
    ? { label: "healthy", tone: "done" }
    : { label: "stale", tone: "failed" };
}

export function NodesTable() {
  const nodes = useNodes();
  const rotate = useRotateNodeToken();
  const revoke = useRevokeNode();
  const [issued, setIssued] = useState<RenderNodeToken | null>(null);
  const now = Date.now();
  return (
    <section className="card" aria-label="Render nodes">
      <h2 className="section-title">Render nodes</h2>
      {issued && <NewTokenShown issued={issued} onDone={() => setIssued(null)} />}
      <ErrorMessage error={rotate.error ?? revoke.error} />
      <QueryTable
        query={nodes}
        what="render nodes"
        empty="No render nodes registered. Register one with POST /api/admin/nodes."
        columns={["Node", "Health", "Last seen", "Slots", "Version", ACTIONS_COLUMN]}
        row={(node) => {
          const h = health(node, now);
          const busy = rotate.isPending || revoke.isPending;
          return (
            <tr key={node.id}>
              <td>
                <strong>{node.name}</strong>
                <div className="hint mono">
                  {node.id} · {node.tokenPrefix}…
                </div>
              </td>
              <td>
                <span className={`badge ${h.tone}`}>{h.label}</span>
                {node.revokedAt && <div className="hint">since {formatAgo(node.revokedAt, now)}</div>}
              </td>
              <td>{formatAgo(node.lastSeenAt, now)}</td>
              <td>
                {node.renders.length} / {node.capacity}
              </td>
              <td className="mono">{node.version ?? "—"}</td>
              <td className="actions">
                <ConfirmButton
                  className="btn secondary small"
                  question={
                    node.revokedAt
                      ? `Give “${node.name}” a new token? It can call the platform again once it runs with it.`
                      : `Give “${node.name}” a new token? Its current token stops working at once; restart the node with the new one.`
                  }
                  confirmLabel="Issue new token"
                  ariaLabel={`New token for ${node.name}`}
                  disabled={busy}
                  onConfirm={() => rotate.mutate(node.id, { onSuccess: setIssued })}
                >
                  New token
                </ConfirmButton>
                {!node.revokedAt && (
                  <RevokeButton
                    name={node.name}
                    kind="node"
                    consequence="Every call it makes is refused from now on; renders it holds go back to the queue."
                    disabled={busy}
                    onConfirm={() => revoke.mutate(node.id)}
                  />
                )}
              </td>
            </tr>
          );
        }}
      />
    </section>
  );
}

function NewTokenShown({ issued, onDone }: { issued: RenderNodeToken; onDone: () => void }) {
  return (
    <SecretShownOnce
      label="New node token"
      message={`New token for “${issued.name}”. Copy it now: it is shown only once. Start the node with it as NODE_TOKEN.`}
      secret={issued.token}
      testId="new-node-token"
      onDone={onDone}
    />
  );
}
