import { useState } from "react";
import { useDeleteLead, useSaveLead } from "../api/queries";
import type { Lead } from "../api/schema";
import { leadTitle } from "../lib/landing";
import { ConfirmButton } from "./ConfirmButton";
import { ErrorMessage } from "./ErrorMessage";
import { Form } from "./form/Form";
import { SubmitButton } from "./form/SubmitButton";
import { TextField } from "./form/TextField";

interface Props {
  campaignId: string;
  /** The lead to edit; a new lead when absent. */
  lead?: Lead;
  /** Merge fields the campaign's leads use, offered as inputs. */
  fieldNames: string[];
  onDone: () => void;
}

const BASE_FIELDS = ["first_name", "company", "website"];

/** Add one lead by hand, or change or delete one; the server checks websites like an import does. */
export function LeadForm({ campaignId, lead, fieldNames, onDone }: Props) {
  const [fields, setFields] = useState<Record<string, string>>(lead?.fields ?? {});
  const [names, setNames] = useState(() => [
    ...new Set([...BASE_FIELDS, ...fieldNames, ...Object.keys(lead?.fields ?? {})]),
  ]);
  const [newName, setNewName] = useState("");
  const save = useSaveLead(campaignId);
  const remove = useDeleteLead(campaignId);
  const title = lead ? `Edit ${leadTitle(lead.fields)}` : "Add a lead";

  return (
    <Form
      className="card stack"
      label={title}
      title={title}
      onSubmit={() => {
        const filled = Object.fromEntries(Object.entries(fields).filter(([, v]) => v.trim() !== ""));
        save.mutate({ id: lead?.id, fields: filled }, { onSuccess: onDone });
      }}
    >
      <div className="scene-grid">
        {names.map((name) => (
          <TextField
            key={name}
            label={name}
            type="text"
            value={fields[name] ?? ""}
            required={name === "website"}
            onChange={(value) => setFields({ ...fields, [name]: value })}
          />
        ))}
      </div>
      <div className="row">
        <input
          aria-label="New field name"
          placeholder="another field, e.g. city"
          value={newName}
          onChange={(e) => setNewName(e.currentTarget.value.replace(/\s+/g, "_").toLowerCase())}
        />
        <button
          type="button"
          className="btn secondary small"
          disabled={!newName || names.includes(newName)}
          onClick={() => {
            setNames([...names, newName]);
            setNewName("");
          }}
        >
          Add field
        </button>
      </div>
      <ErrorMessage error={save.error ?? remove.error} />
      <div className="row">
        <SubmitButton pending={save.isPending} pendingLabel="Saving…">
          {lead ? "Save lead" : "Add lead"}
        </SubmitButton>
        <button type="button" className="btn secondary" onClick={onDone}>
          Cancel
        </button>
        <span className="spacer" />
        {lead && (
          <ConfirmButton
            question="Delete this lead with its videos and landing page?"
            confirmLabel="Delete lead"
            disabled={remove.isPending}
            onConfirm={() => remove.mutate(lead.id, { onSuccess: onDone })}
          >
            Delete lead
          </ConfirmButton>
        )}
      </div>
    </Form>
  );
}
