import { useWebhooks } from "../../api/webhooks-queries";
import { QueryState } from "../QueryState";
import { WebhookItem } from "./WebhookItem";

export function WebhookList({ canChange }: { canChange: boolean }) {
  const webhooks = useWebhooks();
  return (
    <section className="stack" aria-label="Webhook endpoints">
      <QueryState
        query={webhooks}
        what="webhooks"
        empty={
          canChange
            ? "No webhook endpoints yet. Add one above to get events in your CRM or Zapier."
            : "No webhook endpoints yet."
        }
      >
        {(list) => list.map((w) => <WebhookItem key={w.id} webhook={w} canChange={canChange} />)}
      </QueryState>
    </section>
  );
}
