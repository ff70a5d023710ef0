import { useWebhooks } from "../../api/webhooks-queries";
import { QueryState } from "../QueryState";
import { WebhookItem } from "./WebhookItem";

export function WebhookList() {
  const webhooks = useWebhooks();
  return (
    <section className="stack" aria-label="Webhook endpoints">
      <QueryState
        query={webhooks}
        what="webhooks"
        empty="No webhook endpoints yet. Add one above to get events in your CRM or Zapier."
      >
        {(list) => list.map((w) => <WebhookItem key={w.id} webhook={w} />)}
      </QueryState>
    </section>
  );
}
