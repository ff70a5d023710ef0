import { useState } from "react";
import {
  useNotificationPreferences,
  useUpdateNotificationPreferences,
} from "../../api/notifications-queries";
import type { NotificationPreferences } from "../../api/schema";
import { Form } from "../form/Form";
import { FormFooter } from "../form/FormFooter";
import { QueryState } from "../QueryState";

const KINDS: { key: "emailOpened" | "emailWatchedHalf" | "emailClicked"; label: string }[] = [
  { key: "emailOpened", label: "A lead opens the page with their video" },
  { key: "emailWatchedHalf", label: "A lead watches more than half of the video" },
  { key: "emailClicked", label: "A lead clicks your call to action" },
];

export function NotificationSettings() {
  const prefs = useNotificationPreferences();
  return (
    <QueryState query={prefs} what="your notification settings">
      {(data) => <PreferencesForm saved={data} />}
    </QueryState>
  );
}

function PreferencesForm({ saved }: { saved: NotificationPreferences }) {
  const [draft, setDraft] = useState(saved);
  const save = useUpdateNotificationPreferences();
  const changed = (Object.keys(draft) as (keyof NotificationPreferences)[]).some(
    (k) => draft[k] !== saved[k],
  );
  const set = (change: Partial<NotificationPreferences>) => setDraft((d) => ({ ...d, ...change }));
  return (
    <Form
      className="card stack"
      label="Notifications"
      title="Notifications"
      onSubmit={() => save.mutate(draft)}
    >
      <p className="hint">
        Watch alerts for this workspace. The bell at the top always lists every alert; these choose what is
        also e-mailed to you.
      </p>
      <fieldset className="event-choices">
        <legend>E-mail me when</legend>
        {KINDS.map(({ key, label }) => (
          <label key={key} className="check">
            <input
              type="checkbox"
              checked={draft[key]}
              onChange={(e) => set({ [key]: e.currentTarget.checked })}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <fieldset className="event-choices">
        <legend>How</legend>
        <label className="check">
          <input
            type="radio"
            name="delivery"
            checked={!draft.dailyDigest}
            onChange={() => set({ dailyDigest: false })}
          />
          One e-mail per alert, as it happens
        </label>
        <label className="check">
          <input
            type="radio"
            name="delivery"
            checked={draft.dailyDigest}
            onChange={() => set({ dailyDigest: true })}
          />
          One daily digest listing the day's alerts
        </label>
      </fieldset>
      <FormFooter
        mutation={save}
        submitLabel="Save notifications"
        saved={!changed && "Notification settings saved."}
        disabled={!changed}
      />
    </Form>
  );
}
