import { useId, useState } from "react";
import { useMe } from "../../api/queries";
import { useUpdateProfile } from "../../api/settings-queries";
import type { Me } from "../../api/types";
import { ErrorMessage } from "../ErrorMessage";
import { QueryState } from "../QueryState";

export function ProfileForm() {
  const me = useMe(true);
  return (
    <QueryState query={me} what="your profile">
      {(data) => <ProfileFields me={data} />}
    </QueryState>
  );
}

function ProfileFields({ me }: { me: Me }) {
  const id = useId();
  const [name, setName] = useState(me.user.name);
  const [email, setEmail] = useState(me.user.email);
  const save = useUpdateProfile();
  const changed = name !== me.user.name || email !== me.user.email;
  return (
    <form
      className="card stack"
      aria-label="Profile"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          ...(name !== me.user.name ? { name: name.trim() } : {}),
          ...(email !== me.user.email ? { email: email.trim() } : {}),
        });
      }}
    >
      <h2 className="section-title">Profile</h2>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} value={name} required onChange={(e) => setName(e.currentTarget.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-email`}>Email</label>
        <input
          id={`${id}-email`}
          type="email"
          value={email}
          required
          onChange={(e) => setEmail(e.currentTarget.value)}
        />
        <span className="hint">You log in with this address; invitations and resets go to it.</span>
      </div>
      <ErrorMessage error={save.error} />
      {save.isSuccess && !changed && (
        <div className="alert ok" role="status">
          Profile saved.
        </div>
      )}
      <div className="row">
        <button className="btn" type="submit" disabled={!changed || save.isPending}>
          {save.isPending ? "Saving…" : "Save profile"}
        </button>
      </div>
    </form>
  );
}
