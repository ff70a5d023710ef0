import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { requestPasswordReset } from "../api/settings";
import { ErrorMessage } from "../components/ErrorMessage";
import { Form } from "../components/form/Form";
import { SubmitButton } from "../components/form/SubmitButton";
import { TextField } from "../components/form/TextField";
import { DevMailboxLink } from "../components/settings/DevMailboxLink";
import { href } from "../lib/router";

/** Asks for a reset link by email; the answer is the same whether or not the address has an account. */
export function ForgotPasswordView() {
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
          <Form className="stack" onSubmit={() => send.mutate()}>
            <p className="muted">We email you a link to choose a new password.</p>
            <TextField
              label="Email"
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={setEmail}
            />
            <ErrorMessage error={send.error} />
            <SubmitButton className="btn large full" pending={send.isPending} pendingLabel="Sending…">
              Send reset link
            </SubmitButton>
          </Form>
        )}
        <p className="switch">
          <a href={href({ view: "login" })}>Back to log in</a>
        </p>
      </div>
    </main>
  );
}
