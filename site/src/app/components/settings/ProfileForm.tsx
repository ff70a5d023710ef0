import { useState } from "react";
import { useMe } from "../../api/queries";
import type { Me } from "../../api/schema";
import { useUpdateProfile } from "../../api/settings-queries";
import { Form } from "../form/Form";
import { FormFooter } from "../form/FormFooter";
import { TextField } from "../form/TextField";
import { QueryState } from "../QueryState";
import { DevMailboxLink } from "./DevMailboxLink";

export function ProfileForm() {
  const me = useMe(true);
  return (
    <QueryState query={me} what="your profile">
      {(data) =>
        // A dashboard session always has its user; only an API key's creator can be gone.
        data.user ? <ProfileFields user={data.user} /> : <p>This session has no user profile.</p>
      }
    </QueryState>
  );
}

function ProfileFields({ user }: { user: NonNullable<Me["user"]> }) {
  const [name, setName] = useState(user.name);
  const [email, setEmail] = useState(user.email);
  const [currentPassword, setCurrentPassword] = useState("");
  const [pendingEmail, setPendingEmail] = useState<string | null>(null);
  const save = useUpdateProfile();
  const emailChanged = email.trim().toLowerCase() !== user.email.toLowerCase();
  const changed = name !== user.name || emailChanged;
  return (
    <Form
      className="card stack"
      label="Profile"
      title="Profile"
      onSubmit={() => {
        save.mutate(
          {
            ...(name !== user.name ? { name: name.trim() } : {}),
            ...(emailChanged ? { email: email.trim(), currentPassword } : {}),
          },
          {
            onSuccess: (answer) => {
              setPendingEmail(answer.pendingEmail);
              // The address stays as it is until the new one is verified.
              setEmail(answer.user?.email ?? user.email);
              setCurrentPassword("");
            },
          },
        );
      }}
    >
      <TextField label="Name" value={name} required onChange={setName} />
      <TextField
        label="Email"
        type="email"
        value={email}
        required
        onChange={setEmail}
        hint="You log in with this address; invitations and resets go to it. A new address takes effect once you open the link we send to it."
      />
      {emailChanged && (
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          required
          onChange={setCurrentPassword}
          hint="Needed to change the address you log in with."
        />
      )}
      {save.isSuccess && !changed && (
        <div className="alert ok stack" role="status">
          {pendingEmail ? (
            <span>
              We sent a link to <strong>{pendingEmail}</strong>. Your address changes when you open it; until
              then you keep logging in with {user.email}.
            </span>
          ) : (
            <span>Profile saved.</span>
          )}
          {pendingEmail && <DevMailboxLink />}
        </div>
      )}
      <FormFooter mutation={save} submitLabel="Save profile" disabled={!changed} />
    </Form>
  );
}
