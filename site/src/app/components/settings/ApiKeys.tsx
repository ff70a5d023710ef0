import { useId, useState } from "react";
import { useApiKeys, useCreateKey, useRevokeKey } from "../../api/settings-queries";
import type { CreatedApiKey } from "../../api/types";
import { formatAgo, formatDate } from "../../lib/format";
import { ConfirmButton } from "../ConfirmButton";
import { CopyButton } from "../CopyButton";
import { ErrorMessage } from "../ErrorMessage";
import { QueryState } from "../QueryState";

export function ApiKeys() {
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  return (
    <div className="stack">
      <NewKeyForm onCreated={setCreated} />
      {created && <NewKeyShown created={created} onDone={() => setCreated(null)} />}
      <KeyList />
    </div>
  );
}

function NewKeyForm({ onCreated }: { onCreated: (key: CreatedApiKey) => void }) {
  const id = useId();
  const [name, setName] = useState("");
  const create = useCreateKey();
  return (
    <form
      className="card stack"
      aria-label="Create an API key"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(name.trim(), {
          onSuccess: (key) => {
            setName("");
            onCreated(key);
          },
        });
      }}
    >
      <h2 className="section-title">API keys</h2>
      <p className="hint">
        A key works wherever you do: send it as <code>Authorization: Bearer ll_live_…</code>. See the{" "}
        <a href="/api/docs" target="_blank" rel="noreferrer">
          API reference
        </a>
        .
      </p>
      <div className="row">
        <div className="field grow">
          <label htmlFor={`${id}-name`}>Key name</label>
          <input
            id={`${id}-name`}
            value={name}
            maxLength={100}
            required
            placeholder="Zapier, CRM sync…"
            onChange={(e) => setName(e.currentTarget.value)}
          />
        </div>
        <button className="btn" type="submit" disabled={!name.trim() || create.isPending}>
          {create.isPending ? "Creating…" : "Create key"}
        </button>
      </div>
      <ErrorMessage error={create.error} />
    </form>
  );
}

function NewKeyShown({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  return (
    <div className="alert ok stack" role="status" aria-label="New API key">
      <strong>Key “{created.name}” created. Copy it now: it is shown only once.</strong>
      <div className="row">
        <code className="mono secret" data-testid="new-api-key">
          {created.key}
        </code>
        <CopyButton text={created.key} />
        <button type="button" className="btn secondary small" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}

function KeyList() {
  const keys = useApiKeys();
  const revoke = useRevokeKey();
  return (
    <section className="card" aria-label="Active API keys">
      <QueryState
        query={keys}
        what="API keys"
        isEmpty={(list) => list.length === 0}
        empty="No API keys yet. Create one above to use the API from your own tools."
      >
        {(list) => (
          <div className="table-wrap">
            <ErrorMessage error={revoke.error} />
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((key) => (
                  <tr key={key.id}>
                    <td>{key.name}</td>
                    <td className="mono">{key.prefix}…</td>
                    <td>{formatDate(key.createdAt)}</td>
                    <td>{formatAgo(key.lastUsedAt)}</td>
                    <td className="actions">
                      <ConfirmButton
                        question={`Revoke “${key.name}”? Tools using it stop working at once.`}
                        confirmLabel="Revoke key"
                        ariaLabel={`Revoke ${key.name}`}
                        disabled={revoke.isPending}
                        onConfirm={() => revoke.mutate(key.id)}
                      >
                        Revoke
                      </ConfirmButton>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </section>
  );
}
