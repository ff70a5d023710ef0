import { type InputHTMLAttributes, type ReactNode, useId } from "react";

interface Props
  extends Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "value" | "onChange" | "className"> {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  /** A line under the input saying what to enter or what happens. */
  hint?: ReactNode;
  /** More classes for the field, e.g. "grow" inside a row. */
  className?: string;
  /** Shown under the hint: a warning, a link. */
  children?: ReactNode;
}

/** A labelled input (any text-like type), its hint and whatever follows it. */
export function TextField({ label, value, onChange, hint, className, children, ...input }: Props) {
  const id = useId();
  return (
    <div className={className ? `field ${className}` : "field"}>
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)} {...input} />
      {hint && <span className="hint">{hint}</span>}
      {children}
    </div>
  );
}
