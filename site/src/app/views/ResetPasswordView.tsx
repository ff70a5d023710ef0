import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { resetPassword } from "../api/settings";
import { ErrorMessage } from "../components/ErrorMessage";
import { href } from "../lib/router";

/** The emailed link lands on /app?token=…#/reset-password (or ?error=INVALID_TOKEN). */
function linkParams(): { token: string | null; error: string | null } {
  const search = new URLSearchParams(window.location.search);
  return { token: search.get("token"), error: search.get("error") };
}

export function ResetPasswordView() {
  const id = useId();
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
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              reset.mutate();
            }}
          >
            <div className="field">
              <label htmlFor={`${id}-password`}>New password</label>
              <input
                id={`${id}-password`}
                type="password"
                autoComplete="new-password"
                minLength={8}
                required
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
              />
              <span className="hint">At least 8 characters. Other sessions are signed out.</span>
            </div>
            <ErrorMessage error={reset.error} />
            <button className="btn large full" type="submit" disabled={reset.isPending}>
              {reset.isPending ? "Saving…" : "Set new password"}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
