import { useState } from "react";
import { useMe } from "../../api/queries";
import type { Member, Role } from "../../api/schema";
import {
  useChangeMemberRole,
  useInvitations,
  useInvite,
  useMembers,
  useRemoveMember,
  useRevokeInvitation,
} from "../../api/settings-queries";
import { formatDate } from "../../lib/format";
import { canManageTeam, memberActions } from "../../lib/team-rules";
import { ConfirmButton } from "../ConfirmButton";
import { CopyButton } from "../CopyButton";
import { ErrorMessage } from "../ErrorMessage";
import { Form } from "../form/Form";
import { SelectField } from "../form/SelectField";
import { SubmitButton } from "../form/SubmitButton";
import { TextField } from "../form/TextField";
import { QueryState } from "../QueryState";
import { DevMailboxLink } from "./DevMailboxLink";

export function TeamInvites() {
  const me = useMe(true);
  const myRole = me.data?.role ?? null;
  return (
    <div className="stack">
      {canManageTeam(myRole) && (
        <>
          <InviteForm />
          <Invitations />
        </>
      )}
      <Members myRole={myRole} />
    </div>
  );
}

function InviteForm() {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<"admin" | "member">("member");
  const invite = useInvite();
  return (
    <Form
      className="card stack"
      label="Invite a teammate"
      title="Invite a teammate"
      onSubmit={() => invite.mutate({ email: email.trim(), role }, { onSuccess: () => setEmail("") })}
    >
      <div className="row">
        <TextField label="Email" className="grow" type="email" required value={email} onChange={setEmail} />
        <SelectField label="Role" value={role} onChange={setRole}>
          <option value="member">Member</option>
          <option value="admin">Admin</option>
        </SelectField>
        <SubmitButton pending={invite.isPending} pendingLabel="Inviting…">
          Send invite
        </SubmitButton>
      </div>
      <ErrorMessage error={invite.error} />
      {invite.data && (
        <div className="alert ok row" role="status">
          <span>Invitation sent to {invite.data.email}. The link is valid 7 days.</span>
          <CopyButton text={invite.data.acceptUrl} label="Copy link" />
          <DevMailboxLink />
        </div>
      )}
    </Form>
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
        empty="No open invitations. Invite a teammate by email above."
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

const ROLE_LABELS: Record<Role, string> = { owner: "Owner", admin: "Admin", member: "Member" };

function Members({ myRole }: { myRole: Role | null }) {
  const members = useMembers();
  const change = useChangeMemberRole();
  const remove = useRemoveMember();
  return (
    <section className="card" aria-label="Members">
      <h2 className="section-title">Members</h2>
      {canManageTeam(myRole) && (
        <p className="hint">
          Admins manage members and admins; only an owner can change or remove an owner. Someone who is
          removed loses access at once, and the API keys they made here stop working.
        </p>
      )}
      <ErrorMessage error={change.error ?? remove.error} />
      <QueryState query={members} what="members" empty="No members.">
        {(list) => {
          const owners = list.filter((m) => m.role === "owner").length;
          return (
            <ul className="plain-list">
              {list.map((m) => (
                <MemberRow
                  key={m.userId}
                  member={m}
                  actions={memberActions(myRole, m, owners)}
                  busy={change.isPending || remove.isPending}
                  onRole={(role) => change.mutate({ userId: m.userId, role })}
                  onRemove={() => remove.mutate(m.userId)}
                />
              ))}
            </ul>
          );
        }}
      </QueryState>
    </section>
  );
}

function MemberRow({
  member,
  actions,
  busy,
  onRole,
  onRemove,
}: {
  member: Member;
  actions: { roles: Role[]; canRemove: boolean };
  busy: boolean;
  onRole: (role: Role) => void;
  onRemove: () => void;
}) {
  const who = member.name || member.email;
  return (
    <li className="row" data-member={member.email}>
      <strong>{member.name}</strong>
      <span className="hint">{member.email}</span>
      {actions.roles.length > 1 ? (
        <select
          className="role-select"
          aria-label={`Role of ${who}`}
          value={member.role}
          disabled={busy}
          onChange={(e) => onRole(e.currentTarget.value as Role)}
        >
          {actions.roles.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      ) : (
        <span className="badge">{member.role}</span>
      )}
      <span className="spacer" />
      {actions.canRemove && (
        <ConfirmButton
          question={`Remove ${who} from the workspace? The API keys they made here stop working.`}
          confirmLabel="Remove member"
          ariaLabel={`Remove ${who}`}
          disabled={busy}
          onConfirm={onRemove}
        >
          Remove
        </ConfirmButton>
      )}
    </li>
  );
}
