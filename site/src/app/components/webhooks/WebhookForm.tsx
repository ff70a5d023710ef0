import { useState } from "react";
import type { CreatedWebhook, WebhookEvent } from "../../api/schema";
import { WEBHOOK_EVENTS } from "../../api/webhooks";
import { useCreateWebhook } from "../../api/webhooks-queries";
import { Form } from "../form/Form";
import { FormFooter } from "../form/FormFooter";
import { TextField } from "../form/TextField";

const EVENT_HINTS: Record<WebhookEvent, string> = {
  "render.completed": "a video is done",
  "render.failed": "a video could not be made",
  "lead.viewed": "a lead opened their page",
  "lead.played": "a lead played their video",
  "lead.cta_clicked": "a lead clicked the button",
  "lead.booked": "a lead booked a meeting",
};

export function WebhookForm({ onCreated }: { onCreated: (webhook: CreatedWebhook) => void }) {
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<WebhookEvent[]>([...WEBHOOK_EVENTS]);
  const create = useCreateWebhook();
  const toggle = (event: WebhookEvent, on: boolean) =>
    setEvents((list) => (on ? [...list, event] : list.filter((e) => e !== event)));
  return (
    <Form
      className="card stack"
      label="Add a webhook endpoint"
      title="Webhooks"
      onSubmit={() => {
        create.mutate(
          { url: url.trim(), events: WEBHOOK_EVENTS.filter((ev) => events.includes(ev)) },
          {
            onSuccess: (webhook) => {
              setUrl("");
              onCreated(webhook);
            },
          },
        );
      }}
    >
      <p className="hint">
        We POST a signed JSON body to your URL when something happens. Check the <code>Loom-Signature</code>{" "}
        header (HMAC-SHA256 of <code>t.body</code>); failed deliveries are retried with backoff.
      </p>
      <TextField
        label="Endpoint URL"
        type="url"
        required
        maxLength={2000}
        placeholder="https://example.com/hooks/loom"
        value={url}
        onChange={setUrl}
      />
      <fieldset className="event-choices">
        <legend>Events</legend>
        {WEBHOOK_EVENTS.map((event) => (
          <label key={event} className="check">
            <input
              type="checkbox"
              checked={events.includes(event)}
              onChange={(e) => toggle(event, e.currentTarget.checked)}
            />
            <code>{event}</code> <span className="hint">{EVENT_HINTS[event]}</span>
          </label>
        ))}
      </fieldset>
      {events.length === 0 && <p className="hint error-text">Pick at least one event.</p>}
      <FormFooter
        mutation={create}
        submitLabel="Add endpoint"
        pendingLabel="Adding…"
        disabled={!url.trim() || events.length === 0}
      />
    </Form>
  );
}
