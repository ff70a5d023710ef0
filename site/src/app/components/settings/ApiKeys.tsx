import { useState } from "react";
import { useMe } from "../../api/queries";
import type { CreatedApiKey, KeyScope, Me } from "../../api/schema";
import { useApiKeys, useCreateKey, useRevokeKey } from "../../api/settings-queries";
import { formatAgo, formatDate } from "../../lib/format";
import { canManageTeam } from "../../lib/team-rules";
import { ErrorMessage } from "../ErrorMessage";
import { Form } from "../form/Form";
import { SelectField } from "../form/SelectField";
import { SubmitButton } from "../form/SubmitButton";
import { TextField } from "../form/TextField";
import { RevokeButton } from "../RevokeButton";
import { SecretShownOnce } from "../SecretShownOnce";
import { ACTIONS_COLUMN } from "../table/DataTable";
import { QueryTable } from "../table/QueryTable";

export function ApiKeys() {
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const me = useMe(true).data;
  return (
    <div className="stack">
      <NewKeyForm onCreated={setCreated} me={me} />
      {created && <NewKeyShown created={created} onDone={() => setCreated(null)} />}
      <KeyList me={me} />
    </div>
  );
}

function NewKeyForm({ onCreated, me }: { onCreated: (key: CreatedApiKey) => void; me?: Me }) {
  const [name, setName] = useState("");
  // A key can do at most what its creator can; a member's keys are member keys.
  const canAdmin = canManageTeam(me?.role ?? null);
  const [role, setRole] = useState<KeyScope>("admin");
  const create = useCreateKey();
  return (
    <Form
      className="card stack"
      label="Create an API key"
      title="API keys"
      onSubmit={() => {
        create.mutate(
          { name: name.trim(), role: canAdmin ? role : "member" },
          {
            onSuccess: (key) => {
              setName("");
              onCreated(key);
            },
          },
        );
      }}
    >
      <p className="hint">
        A key works with your role at most, and stops working if you leave the workspace: send it as{" "}
        <code>Authorization: Bearer ll_live_…</code>. See the{" "}
        <a href="/api/docs" target="_blank" rel="noreferrer">
          API reference
        </a>
        .
      </p>
      <div className="row">
        <TextField
          label="Key name"
          className="grow"
          value={name}
          maxLength={100}
          required
          placeholder="Zapier, CRM sync…"
          onChange={setName}
        />
        {canAdmin && (
          <SelectField label="Scope" value={role} onChange={setRole}>
            <option value="admin">Admin: manage the workspace</option>
            <option value="member">Member: campaigns and leads</option>
          </SelectField>
        )}
        <SubmitButton pending={create.isPending} pendingLabel="Creating…" disabled={!name.trim()}>
          Create key
        </SubmitButton>
      </div>
      <ErrorMessage error={create.error} />
    </Form>
  );
}

function NewKeyShown({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  return (
    <SecretShownOnce
      label="New API key"
      message={`Key “${created.name}” created. Copy it now: it is shown only once.`}
      secret={created.key}
      testId="new-api-key"
      onDone={onDone}
    />
  );
}

function KeyList({ me }: { me?: Me }) {
  const keys = useApiKeys();
  // Owners and admins revoke any key; members only their own.
  const mayRevoke = (createdBy: string | null) =>
    canManageTeam(me?.role ?? null) || (me?.user != null && createdBy === me.user.id);
  const revoke = useRevokeKey();
  return (
    <section className="card" aria-label="Active API keys">
      <ErrorMessage error={revoke.error} />
      <QueryTable
        query={keys}
        what="API keys"
        empty="No API keys yet. Create one above to use the API from your own tools."
        columns={["Name", "Key", "Scope", "Created", "Last used", ACTIONS_COLUMN]}
        row={(key) => (
          <tr key={key.id}>
            <td>{key.name}</td>
            <td className="mono">{key.prefix}…</td>
            <td>{key.role}</td>
            <td>{formatDate(key.createdAt)}</td>
            <td>{formatAgo(key.lastUsedAt)}</td>
            <td className="actions">
              {mayRevoke(key.createdBy) && (
                <RevokeButton
                  name={key.name}
                  kind="key"
                  consequence="Tools using it stop working at once."
                  disabled={revoke.isPending}
                  onConfirm={() => revoke.mutate(key.id)}
                />
              )}
            </td>
          </tr>
        )}
      />
    </section>
  );
}
