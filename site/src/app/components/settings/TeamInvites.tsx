import { useId, useState } from "react";
import { useInvitations, useInvite, useMembers, useRevokeInvitation } from "../../api/settings-queries";
import { formatDate } from "../../lib/format";
import { ConfirmButton } from "../ConfirmButton";
import { CopyButton } from "../CopyButton";
import { ErrorMessage } from "../ErrorMessage";
import { QueryState } from "../QueryState";
import { DevMailboxLink } from "./DevMailboxLink";

export function TeamInvites() {
  return (
    <div className="stack">
      <InviteForm />
      <Invitations />
      <Members />
    </div>
  );
}

function InviteForm() {
  const id = useId();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<"admin" | "member">("member");
  const invite = useInvite();
  return (
    <form
      className="card stack"
      aria-label="Invite a teammate"
      onSubmit={(e) => {
        e.preventDefault();
        invite.mutate({ email: email.trim(), role }, { onSuccess: () => setEmail("") });
      }}
    >
      <h2 className="section-title">Invite a teammate</h2>
      <div className="row">
        <div className="field grow">
          <label htmlFor={`${id}-email`}>Email</label>
          <input
            id={`${id}-email`}
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>Role</label>
          <select
            id={`${id}-role`}
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as "admin" | "member")}
          >
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        <button className="btn" type="submit" disabled={invite.isPending}>
          {invite.isPending ? "Inviting…" : "Send invite"}
        </button>
      </div>
      <ErrorMessage error={invite.error} />
      {invite.data && (
        <div className="alert ok row" role="status">
          <span>Invitation sent to {invite.data.email}. The link is valid 7 days.</span>
          <CopyButton text={invite.data.acceptUrl} label="Copy link" />
          <DevMailboxLink />
        </div>
      )}
    </form>
  );
}

function Invitations() {
  const invitations = useInvitations();
  const revoke = useRevokeInvitation();
  return (
    <section className="card" aria-label="Open invitations">
      <h2 className="section-title">Open invitations</h2>
      <ErrorMessage error={revoke.error} />
      <QueryState
        query={invitations}
        what="invitations"
        isEmpty={(list) => list.length === 0}
        empty="No open invitations."
      >
        {(list) => (
          <ul className="plain-list">
            {list.map((inv) => (
              <li key={inv.id} className="row">
                <span>
                  <strong>{inv.email}</strong> <span className="badge">{inv.role}</span>
                </span>
                <span className="hint">expires {formatDate(inv.expiresAt)}</span>
                <span className="spacer" />
                <ConfirmButton
                  question={`Revoke the invitation of ${inv.email}?`}
                  confirmLabel="Revoke invitation"
                  ariaLabel={`Revoke the invitation of ${inv.email}`}
                  onConfirm={() => revoke.mutate(inv.id)}
                >
                  Revoke
                </ConfirmButton>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}

function Members() {
  const members = useMembers();
  return (
    <section className="card" aria-label="Members">
      <h2 className="section-title">Members</h2>
      <QueryState query={members} what="members" isEmpty={(list) => list.length === 0} empty="No members.">
        {(list) => (
          <ul className="plain-list">
            {list.map((m) => (
              <li key={m.userId} className="row">
                <strong>{m.name}</strong>
                <span className="hint">{m.email}</span>
                <span className="badge">{m.role}</span>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}
