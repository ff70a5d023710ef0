import { useState } from "react";
import type { CreatedWebhook } from "../../api/schema";
import { WebhookForm } from "./WebhookForm";
import { WebhookList } from "./WebhookList";
import { WebhookSecret } from "./WebhookSecret";
import "./webhooks.css";

/** Settings → Webhooks: add an endpoint, see its secret once, then its deliveries. */
export function Webhooks() {
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  return (
    <div className="stack">
      <WebhookForm onCreated={setCreated} />
      {created && <WebhookSecret webhook={created} onDone={() => setCreated(null)} />}
      <WebhookList />
    </div>
  );
}
