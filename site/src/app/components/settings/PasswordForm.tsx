import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { changePassword } from "../../api/settings";
import { ErrorMessage } from "../ErrorMessage";

export function PasswordForm() {
  const id = useId();
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const [repeat, setRepeat] = useState("");
  const change = useMutation({
    mutationFn: changePassword,
    onSuccess: () => {
      setCurrent("");
      setNew("");
      setRepeat("");
    },
  });
  const mismatch = repeat.length > 0 && repeat !== newPassword;
  return (
    <form
      className="card stack"
      aria-label="Change password"
      onSubmit={(e) => {
        e.preventDefault();
        if (!mismatch) change.mutate({ currentPassword, newPassword });
      }}
    >
      <h2 className="section-title">Password</h2>
      <div className="field">
        <label htmlFor={`${id}-current`}>Current password</label>
        <input
          id={`${id}-current`}
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(e) => setCurrent(e.currentTarget.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-new`}>New password</label>
        <input
          id={`${id}-new`}
          type="password"
          autoComplete="new-password"
          minLength={8}
          required
          value={newPassword}
          onChange={(e) => setNew(e.currentTarget.value)}
        />
        <span className="hint">At least 8 characters. Your other sessions are signed out.</span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-repeat`}>New password again</label>
        <input
          id={`${id}-repeat`}
          type="password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(e) => setRepeat(e.currentTarget.value)}
        />
        {mismatch && <span className="hint error-text">The two new passwords differ.</span>}
      </div>
      <ErrorMessage error={change.error} />
      {change.isSuccess && (
        <div className="alert ok" role="status">
          Password changed.
        </div>
      )}
      <div className="row">
        <button className="btn" type="submit" disabled={mismatch || change.isPending}>
          {change.isPending ? "Changing…" : "Change password"}
        </button>
      </div>
    </form>
  );
}
