import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { requestPasswordReset } from "../api/settings";
import { ErrorMessage } from "../components/ErrorMessage";
import { DevMailboxLink } from "../components/settings/DevMailboxLink";
import { href } from "../lib/router";

/** Asks for a reset link by email; the answer is the same whether or not the address has an account. */
export function ForgotPasswordView() {
  const id = useId();
  const [email, setEmail] = useState("");
  const send = useMutation({ mutationFn: () => requestPasswordReset(email.trim()) });
  return (
    <main className="auth">
      <div className="card auth-card">
        <h1>Reset your password</h1>
        {send.isSuccess ? (
          <div className="stack">
            <div className="alert ok" role="status">
              If {email} has an account, a link to choose a new password is on its way. It is valid for an
              hour.
            </div>
            <DevMailboxLink />
          </div>
        ) : (
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              send.mutate();
            }}
          >
            <p className="muted">We email you a link to choose a new password.</p>
            <div className="field">
              <label htmlFor={`${id}-email`}>Email</label>
              <input
                id={`${id}-email`}
                type="email"
                autoComplete="email"
                required
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
              />
            </div>
            <ErrorMessage error={send.error} />
            <button className="btn large full" type="submit" disabled={send.isPending}>
              {send.isPending ? "Sending…" : "Send reset link"}
            </button>
          </form>
        )}
        <p className="switch">
          <a href={href({ view: "login" })}>Back to log in</a>
        </p>
      </div>
    </main>
  );
}
