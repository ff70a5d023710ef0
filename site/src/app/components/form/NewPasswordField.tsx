import { MIN_PASSWORD_LENGTH } from "@loom-lite/schema";
import type { ReactNode } from "react";
import { TextField } from "./TextField";

/** Where a person chooses a password: long enough for the API, and offered to the password manager. */
export function NewPasswordField({
  value,
  onChange,
  hint,
}: {
  value: string;
  onChange: (value: string) => void;
  hint: ReactNode;
}) {
  return (
    <TextField
      label="New password"
      type="password"
      autoComplete="new-password"
      minLength={MIN_PASSWORD_LENGTH}
      required
      value={value}
      onChange={onChange}
      hint={hint}
    />
  );
}
