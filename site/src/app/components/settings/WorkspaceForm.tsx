import type { Branding } from "@loom-lite/schema";
import { useId, useState } from "react";
import type { WorkspaceDetails } from "../../api/schema";
import { useUpdateWorkspace, useWorkspace } from "../../api/settings-queries";
import { Form } from "../form/Form";
import { FormFooter } from "../form/FormFooter";
import { TextField } from "../form/TextField";
import { QueryState } from "../QueryState";
import { BrandingFields } from "./BrandingFields";

export function WorkspaceForm() {
  const workspace = useWorkspace();
  return (
    <QueryState query={workspace} what="the workspace">
      {(ws) => <WorkspaceFields key={ws.id} workspace={ws} />}
    </QueryState>
  );
}

function WorkspaceFields({ workspace }: { workspace: WorkspaceDetails }) {
  const id = useId();
  const [name, setName] = useState(workspace.name);
  const [slug, setSlug] = useState(workspace.slug);
  const [branding, setBranding] = useState<Branding>(workspace.branding);
  const save = useUpdateWorkspace();
  const host = new URL(workspace.landingBaseUrl).host.replace(`${workspace.slug}.`, "");

  return (
    <Form
      className="card stack"
      label="Workspace"
      title="Workspace"
      onSubmit={() => {
        save.mutate({
          name: name.trim(),
          ...(slug !== workspace.slug ? { slug: slug.trim() } : {}),
          branding,
        });
      }}
    >
      <TextField label="Workspace name" value={name} required onChange={setName} />
      <div className="field">
        <label htmlFor={`${id}-slug`}>Landing page subdomain</label>
        <div className="row">
          <input
            id={`${id}-slug`}
            value={slug}
            required
            maxLength={40}
            pattern="[a-z0-9-]+"
            onChange={(e) => setSlug(e.currentTarget.value.toLowerCase())}
          />
          <span className="mono hint">.{host}</span>
        </div>
        {slug !== workspace.slug ? (
          <span className="hint error-text">
            Changing it moves every landing page; links already sent stop working.
          </span>
        ) : (
          <span className="hint">Pages live on {workspace.landingBaseUrl}/…</span>
        )}
      </div>
      <BrandingFields value={branding} onChange={setBranding} />
      <FormFooter mutation={save} submitLabel="Save workspace" saved="Workspace saved." />
    </Form>
  );
}
