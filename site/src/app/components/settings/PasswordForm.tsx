import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { changePassword } from "../../api/settings";
import { FormFooter } from "../form/FormFooter";
import { TextField } from "../form/TextField";

export function PasswordForm() {
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
      <TextField
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        value={currentPassword}
        onChange={setCurrent}
      />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        minLength={8}
        required
        value={newPassword}
        onChange={setNew}
        hint="At least 8 characters. Your other sessions are signed out."
      />
      <TextField
        label="New password again"
        type="password"
        autoComplete="new-password"
        required
        value={repeat}
        onChange={setRepeat}
      >
        {mismatch && <span className="hint error-text">The two new passwords differ.</span>}
      </TextField>
      <FormFooter
        mutation={change}
        submitLabel="Change password"
        pendingLabel="Changing…"
        saved="Password changed."
        disabled={mismatch}
      />
    </form>
  );
}
