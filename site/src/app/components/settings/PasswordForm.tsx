import { MIN_PASSWORD_LENGTH } from "@loom-lite/schema";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { changePassword } from "../../api/settings";
import { Form } from "../form/Form";
import { FormFooter } from "../form/FormFooter";
import { NewPasswordField } from "../form/NewPasswordField";
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
    <Form
      className="card stack"
      label="Change password"
      title="Password"
      onSubmit={() => {
        if (!mismatch) change.mutate({ currentPassword, newPassword });
      }}
    >
      <TextField
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        value={currentPassword}
        onChange={setCurrent}
      />
      <NewPasswordField
        value={newPassword}
        onChange={setNew}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters. Your other sessions are signed out.`}
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
    </Form>
  );
}
