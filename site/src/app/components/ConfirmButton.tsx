import { type ReactNode, useState } from "react";

interface Props {
  /** The button that asks; its label. */
  children: ReactNode;
  /** What will happen, shown before anything does. */
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  className?: string;
  ariaLabel?: string;
}

/** A destructive action asks first, inline, so nothing happens on a stray click. */
export function ConfirmButton({
  children,
  question,
  confirmLabel,
  onConfirm,
  disabled,
  className,
  ariaLabel,
}: Props) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button
        type="button"
        className={className ?? "btn danger small"}
        disabled={disabled}
        aria-label={ariaLabel}
        onClick={() => setAsking(true)}
      >
        {children}
      </button>
    );
  }
  return (
    <fieldset className="confirm" aria-label="Confirm">
      <span className="confirm-question">{question}</span>
      <button
        type="button"
        className="btn danger small"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="btn secondary small" onClick={() => setAsking(false)}>
        Keep
      </button>
    </fieldset>
  );
}
