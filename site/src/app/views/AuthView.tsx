import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { signIn, signUp } from "../api/client";
import { keys } from "../api/queries";
import { ErrorMessage } from "../components/ErrorMessage";
import { hashAfterAuth, href } from "../lib/router";

/** Log in, or sign up (which also creates the user's workspace). */
export function AuthView({ mode }: { mode: "login" | "signup" }) {
  const id = useId();
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const isSignup = mode === "signup";

  const submit = useMutation({
    mutationFn: () =>
      isSignup
        ? // The emailed verification link lands where the person was heading (an invitation, say).
          signUp({ name: name.trim() || email, email, password, callbackURL: `/app${hashAfterAuth()}` })
        : signIn({ email, password }),
    onSuccess: async () => {
      // The dashboard moves a signed-in user off the auth views (to `?next=` when given).
      await qc.invalidateQueries({ queryKey: keys.session });
    },
  });

  return (
    <main className="auth">
      <div className="card auth-card">
        <h1>{isSignup ? "Create your account" : "Log in to Loom-Lite"}</h1>
        <p className="muted">
          {isSignup ? "Your workspace is created with it." : "Welcome back. Your campaigns are waiting."}
        </p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit.mutate();
          }}
        >
          {isSignup && (
            <div className="field">
              <label htmlFor={`${id}-name`}>Your name</label>
              <input
                id={`${id}-name`}
                type="text"
                autoComplete="name"
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                required
              />
            </div>
          )}
          <div className="field">
            <label htmlFor={`${id}-email`}>Email</label>
            <input
              id={`${id}-email`}
              type="email"
              autoComplete="email"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              required
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-password`}>Password</label>
            <input
              id={`${id}-password`}
              type="password"
              autoComplete={isSignup ? "new-password" : "current-password"}
              minLength={8}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              required
            />
            {isSignup ? (
              <span className="hint">At least 8 characters.</span>
            ) : (
              <a className="hint" href={href({ view: "forgot-password" })}>
                Forgot your password?
              </a>
            )}
          </div>
          <ErrorMessage error={submit.error} />
          <button className="btn large full" type="submit" disabled={submit.isPending}>
            {submit.isPending ? "One moment…" : isSignup ? "Sign up" : "Log in"}
          </button>
        </form>
        <p className="switch">
          {isSignup ? (
            <>
              Already have an account? <a href={href({ view: "login" })}>Log in</a>
            </>
          ) : (
            <>
              New here? <a href={href({ view: "signup" })}>Create an account</a>
            </>
          )}
        </p>
      </div>
    </main>
  );
}
