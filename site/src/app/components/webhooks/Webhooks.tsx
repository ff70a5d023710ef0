import { useState } from "react";
import type { CreatedWebhook } from "../../api/schema";
import { RoleNotice } from "../settings/RoleNotice";
import { WebhookForm } from "./WebhookForm";
import { WebhookList } from "./WebhookList";
import { WebhookSecret } from "./WebhookSecret";
import "./webhooks.css";

/** Settings → Webhooks: add an endpoint, see its secret once, then its deliveries. */
export function Webhooks({ canChange }: { canChange: boolean }) {
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  return (
    <div className="stack">
      {canChange ? (
        <WebhookForm onCreated={setCreated} />
      ) : (
        <RoleNotice area="webhooks" what="webhook endpoints" />
      )}
      {created && <WebhookSecret webhook={created} onDone={() => setCreated(null)} />}
      <WebhookList canChange={canChange} />
    </div>
  );
}
