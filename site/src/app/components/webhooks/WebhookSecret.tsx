import type { CreatedWebhook } from "../../api/schema";
import { SecretShownOnce } from "../SecretShownOnce";

/** The endpoint's signing secret, shown this once. */
export function WebhookSecret({ webhook, onDone }: { webhook: CreatedWebhook; onDone: () => void }) {
  return (
    <SecretShownOnce
      label="New webhook secret"
      message="Endpoint added. Copy its signing secret now: it is shown only once."
      secret={webhook.secret}
      testId="new-webhook-secret"
      onDone={onDone}
    >
      <span className="mono truncate">{webhook.url}</span>
    </SecretShownOnce>
  );
}
