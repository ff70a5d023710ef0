import type { ReactNode } from "react";

interface Props {
  /** True while the form's request runs: the button is disabled and says `pendingLabel`. */
  pending: boolean;
  pendingLabel: string;
  /** Disabled for another reason too (nothing changed, input incomplete). */
  disabled?: boolean;
  className?: string;
  children: ReactNode;
}

/** A form's submit button, which says what is happening while the request runs. */
export function SubmitButton({
  pending,
  pendingLabel,
  disabled = false,
  className = "btn",
  children,
}: Props) {
  return (
    <button className={className} type="submit" disabled={disabled || pending}>
      {pending ? pendingLabel : children}
    </button>
  );
}
