import { useState } from "react";
import type { Webhook } from "../../api/schema";
import { useDeleteWebhook, useTestWebhook } from "../../api/webhooks-queries";
import { formatDate } from "../../lib/format";
import { ActionButton } from "../ActionButton";
import { ConfirmButton } from "../ConfirmButton";
import { ErrorMessage } from "../ErrorMessage";
import { DeliveryLog } from "./DeliveryLog";

/** One endpoint: its events, a test-send, delete, and its delivery log on demand. */
export function WebhookItem({ webhook, canChange }: { webhook: Webhook; canChange: boolean }) {
  const [showLog, setShowLog] = useState(false);
  const test = useTestWebhook(webhook.id);
  const remove = useDeleteWebhook();
  return (
    <article className="card stack webhook" aria-label={`Webhook ${webhook.url}`}>
      <div className="row">
        <div className="grow">
          <strong className="mono truncate webhook-url">{webhook.url}</strong>
          <div className="hint">Added {formatDate(webhook.createdAt)}</div>
        </div>
        {canChange && (
          <ActionButton
            pending={test.isPending}
            pendingLabel="Sending…"
            onClick={() => {
              setShowLog(true);
              test.mutate();
            }}
          >
            Send test
          </ActionButton>
        )}
        <button
          type="button"
          className="btn secondary small"
          aria-expanded={showLog}
          onClick={() => setShowLog(!showLog)}
        >
          {showLog ? "Hide deliveries" : "Deliveries"}
        </button>
        {canChange && (
          <ConfirmButton
            question="Delete this endpoint and its delivery log?"
            confirmLabel="Delete endpoint"
            ariaLabel={`Delete webhook ${webhook.url}`}
            disabled={remove.isPending}
            onConfirm={() => remove.mutate(webhook.id)}
          >
            Delete
          </ConfirmButton>
        )}
      </div>
      <div className="event-tags">
        {webhook.events.map((e) => (
          <span key={e} className="chip mono">
            {e}
          </span>
        ))}
      </div>
      {test.data && (
        <p className="hint" role="status">
          Test sent: {test.data.state === "succeeded" ? "delivered" : test.data.state}
          {test.data.lastStatus !== null ? ` (HTTP ${test.data.lastStatus})` : ""}
          {test.data.lastError ? ` · ${test.data.lastError}` : ""}
        </p>
      )}
      <ErrorMessage error={test.error ?? remove.error} />
      {showLog && <DeliveryLog webhookId={webhook.id} />}
    </article>
  );
}
