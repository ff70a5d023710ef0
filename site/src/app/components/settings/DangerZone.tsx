import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { deleteAccount } from "../../api/settings";
import { useWorkspace } from "../../api/settings-queries";
import { navigate } from "../../lib/router";
import { Form } from "../form/Form";
import { FormFooter } from "../form/FormFooter";
import { TextField } from "../form/TextField";
import { QueryState } from "../QueryState";

export function DangerZone() {
  const workspace = useWorkspace();
  return (
    <QueryState query={workspace} what="the workspace">
      {(ws) => <DeleteAccount slug={ws.slug} />}
    </QueryState>
  );
}

function DeleteAccount({ slug }: { slug: string }) {
  const qc = useQueryClient();
  const [typed, setTyped] = useState("");
  const remove = useMutation({
    mutationFn: () => deleteAccount(typed),
    onSuccess: () => {
      qc.clear();
      qc.setQueryData(["session"], null);
      navigate({ view: "signup" });
    },
  });
  return (
    <Form
      className="card stack danger-zone"
      label="Delete account"
      title="Delete account"
      onSubmit={() => remove.mutate()}
    >
      <p>This removes, for good and at once:</p>
      <ul>
        <li>the workspace “{slug}” and every campaign, lead and render in it;</li>
        <li>all videos, posters, GIFs, facecams and logos stored for it;</li>
        <li>its landing pages (links already sent stop working), API keys and invitations;</li>
        <li>your user account, when this is your only workspace.</li>
      </ul>
      <TextField
        label={
          <>
            Type <code>{slug}</code> to confirm
          </>
        }
        value={typed}
        autoComplete="off"
        onChange={setTyped}
      />
      <FormFooter
        mutation={remove}
        submitLabel="Delete account and all data"
        pendingLabel="Deleting…"
        disabled={typed !== slug}
        buttonClassName="btn danger"
      />
    </Form>
  );
}
