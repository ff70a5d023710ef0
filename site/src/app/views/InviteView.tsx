import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSession } from "../api/queries";
import { acceptInvitation, previewInvitation } from "../api/settings";
import { ErrorMessage } from "../components/ErrorMessage";
import { QueryState } from "../components/QueryState";
import { VerifyEmailNotice } from "../components/VerifyEmailNotice";
import { href, navigate } from "../lib/router";

/**
 * The emailed invitation link: what it is for, then join (after signing in or up as the invitee, with
 * the address verified).
 */
export function InviteView({ token, signedIn }: { token: string; signedIn: boolean }) {
  const qc = useQueryClient();
  const user = useSession().data?.user;
  const preview = useQuery({ queryKey: ["invitation", token], queryFn: () => previewInvitation(token) });
  const accept = useMutation({
    mutationFn: () => acceptInvitation(token),
    onSuccess: async () => {
      await qc.invalidateQueries();
      navigate({ view: "campaigns" });
    },
  });
  const back = `#/invite/${encodeURIComponent(token)}`;

  return (
    <main className="auth">
      <div className="card auth-card">
        <QueryState query={preview} what="the invitation">
          {(inv) => (
            <div className="stack">
              <h1>Join {inv.workspaceName}</h1>
              <p className="muted">
                {inv.invitedBy ?? "A teammate"} invited {inv.email} as {inv.role}.
              </p>
              {inv.status !== "pending" ? (
                <div className="alert error" role="alert">
                  This invitation is {inv.status}. Ask for a new one.
                </div>
              ) : signedIn && user && !user.emailVerified ? (
                <VerifyEmailNotice
                  email={user.email}
                  callbackURL={`/app${back}`}
                  why="Joining needs a verified address; the link brings you back here."
                />
              ) : signedIn ? (
                <>
                  <ErrorMessage error={accept.error} />
                  <button
                    type="button"
                    className="btn large full"
                    disabled={accept.isPending}
                    onClick={() => accept.mutate()}
                  >
                    {accept.isPending ? "Joining…" : `Join ${inv.workspaceName}`}
                  </button>
                </>
              ) : (
                <p>
                  <a className="btn" href={`${href({ view: "signup" })}?next=${encodeURIComponent(back)}`}>
                    Sign up as {inv.email}
                  </a>{" "}
                  or <a href={`${href({ view: "login" })}?next=${encodeURIComponent(back)}`}>log in</a>, then
                  open this link again.
                </p>
              )}
            </div>
          )}
        </QueryState>
      </div>
    </main>
  );
}
