import { type ReactNode, useId } from "react";

interface Props<T extends string> {
  label: ReactNode;
  value: T;
  /** Called with the chosen option's value, which is one of the `<option>`s given. */
  onChange: (value: T) => void;
  /** The `<option>`s. */
  children: ReactNode;
}

/** A labelled drop-down. */
export function SelectField<T extends string>({ label, value, onChange, children }: Props<T>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value as T)}>
        {children}
      </select>
    </div>
  );
}
