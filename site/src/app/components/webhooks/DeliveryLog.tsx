import type { WebhookDelivery } from "../../api/schema";
import { useDeliveries } from "../../api/webhooks-queries";
import { formatDate } from "../../lib/format";
import { QueryTable } from "../table/QueryTable";

const TONE: Record<WebhookDelivery["state"], string> = {
  pending: "queued",
  succeeded: "done",
  failed: "failed",
};

function nextRetry(d: WebhookDelivery): string {
  if (d.state !== "pending" || !d.nextAttemptAt) return "—";
  return formatDate(d.nextAttemptAt);
}

/** The endpoint's newest deliveries: state, attempts, response code and when the next retry is due. */
export function DeliveryLog({ webhookId }: { webhookId: string }) {
  const deliveries = useDeliveries(webhookId);
  return (
    <QueryTable
      query={deliveries}
      what="deliveries"
      empty="Nothing sent yet. Press “Send test” to try the endpoint."
      label="Deliveries"
      columns={["Event", "Status", "Attempts", "Response", "Next retry", "Created"]}
      row={(d) => (
        <tr key={d.id} data-state={d.state}>
          <td className="mono">{d.event}</td>
          <td>
            <span className={`badge ${TONE[d.state]}`}>{d.state}</span>
          </td>
          <td className="num">{d.attempts}</td>
          <td>
            {d.lastStatus !== null ? (
              <span className="mono">HTTP {d.lastStatus}</span>
            ) : (
              <span className="hint">no answer</span>
            )}
            {d.lastError && <div className="hint error-text">{d.lastError}</div>}
          </td>
          <td>{nextRetry(d)}</td>
          <td>
            {formatDate(d.createdAt)}
            <details className="delivery-body">
              <summary>Body</summary>
              <pre className="mono">{d.body}</pre>
            </details>
          </td>
        </tr>
      )}
    />
  );
}
