import type { ReactNode } from "react";

interface Props {
  /** True while the action's request runs: the button is disabled and says `pendingLabel`. */
  pending: boolean;
  pendingLabel: string;
  onClick: () => void;
  /** Disabled for another reason too (nothing to act on). */
  disabled?: boolean;
  ariaLabel?: string;
  className?: string;
  children: ReactNode;
}

/** A small button that starts a request outside a form (check now, send a test, load more). */
export function ActionButton({
  pending,
  pendingLabel,
  onClick,
  disabled = false,
  ariaLabel,
  className = "btn secondary small",
  children,
}: Props) {
  return (
    <button
      type="button"
      className={className}
      disabled={disabled || pending}
      aria-label={ariaLabel}
      onClick={onClick}
    >
      {pending ? pendingLabel : children}
    </button>
  );
}
