import type { CreatedWebhook } from "../../api/schema";
import { CopyButton } from "../CopyButton";

/** The endpoint's signing secret, shown this once. */
export function WebhookSecret({ webhook, onDone }: { webhook: CreatedWebhook; onDone: () => void }) {
  return (
    <div className="alert ok stack" role="status" aria-label="New webhook secret">
      <strong>Endpoint added. Copy its signing secret now: it is shown only once.</strong>
      <span className="mono truncate">{webhook.url}</span>
      <div className="row">
        <code className="mono secret" data-testid="new-webhook-secret">
          {webhook.secret}
        </code>
        <CopyButton text={webhook.secret} />
        <button type="button" className="btn secondary small" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
