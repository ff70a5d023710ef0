import { MIN_PASSWORD_LENGTH } from "@loom-lite/schema";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { resetPassword } from "../api/settings";
import { ErrorMessage } from "../components/ErrorMessage";
import { Form } from "../components/form/Form";
import { NewPasswordField } from "../components/form/NewPasswordField";
import { SubmitButton } from "../components/form/SubmitButton";
import { href } from "../lib/router";

/** The emailed link lands on /app?token=…#/reset-password (or ?error=INVALID_TOKEN). */
function linkParams(): { token: string | null; error: string | null } {
  const search = new URLSearchParams(window.location.search);
  return { token: search.get("token"), error: search.get("error") };
}

export function ResetPasswordView() {
  const [{ token, error }] = useState(linkParams);
  const [password, setPassword] = useState("");
  const reset = useMutation({ mutationFn: () => resetPassword(token ?? "", password) });

  return (
    <main className="auth">
      <div className="card auth-card">
        <h1>Choose a new password</h1>
        {!token || error ? (
          <div className="alert error" role="alert">
            This reset link is invalid or has expired.{" "}
            <a href={href({ view: "forgot-password" })}>Ask for a new one</a>.
          </div>
        ) : reset.isSuccess ? (
          <div className="alert ok" role="status">
            Your password is changed. <a href={`/app${href({ view: "login" })}`}>Log in</a> with it.
          </div>
        ) : (
          <Form className="stack" onSubmit={() => reset.mutate()}>
            <NewPasswordField
              value={password}
              onChange={setPassword}
              hint={`At least ${MIN_PASSWORD_LENGTH} characters. Other sessions are signed out.`}
            />
            <ErrorMessage error={reset.error} />
            <SubmitButton className="btn large full" pending={reset.isPending} pendingLabel="Saving…">
              Set new password
            </SubmitButton>
          </Form>
        )}
      </div>
    </main>
  );
}
