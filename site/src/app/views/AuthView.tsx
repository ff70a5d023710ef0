import { MIN_PASSWORD_LENGTH } from "@loom-lite/schema";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { signIn, signUp } from "../api/client";
import { keys } from "../api/queries";
import { ErrorMessage } from "../components/ErrorMessage";
import { Form } from "../components/form/Form";
import { SubmitButton } from "../components/form/SubmitButton";
import { TextField } from "../components/form/TextField";
import { hashAfterAuth, href } from "../lib/router";

/** Log in, or sign up (which also creates the user's workspace). */
export function AuthView({ mode }: { mode: "login" | "signup" }) {
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
        <Form onSubmit={() => submit.mutate()}>
          {isSignup && (
            <TextField
              label="Your name"
              type="text"
              autoComplete="name"
              value={name}
              onChange={setName}
              required
            />
          )}
          <TextField
            label="Email"
            type="email"
            autoComplete="email"
            value={email}
            onChange={setEmail}
            required
          />
          <TextField
            label="Password"
            type="password"
            autoComplete={isSignup ? "new-password" : "current-password"}
            minLength={MIN_PASSWORD_LENGTH}
            value={password}
            onChange={setPassword}
            required
            hint={isSignup && `At least ${MIN_PASSWORD_LENGTH} characters.`}
          >
            {!isSignup && (
              <a className="hint" href={href({ view: "forgot-password" })}>
                Forgot your password?
              </a>
            )}
          </TextField>
          <ErrorMessage error={submit.error} />
          <SubmitButton className="btn large full" pending={submit.isPending} pendingLabel="One moment…">
            {isSignup ? "Sign up" : "Log in"}
          </SubmitButton>
        </Form>
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
