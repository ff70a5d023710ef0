import type { ReactNode } from "react";

interface Props {
  /** The form's accessible name, e.g. "Change password". */
  label?: string;
  /** The heading at the top of a form that stands as its own card. */
  title?: ReactNode;
  className?: string;
  /** Called on submit; the browser's own submit (a page load) never happens. */
  onSubmit: () => void;
  children: ReactNode;
}

/** A dashboard form: it sends its request itself, so a submit calls `onSubmit` and nothing more. */
export function Form({ label, title, className, onSubmit, children }: Props) {
  return (
    <form
      className={className}
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {title && <h2 className="section-title">{title}</h2>}
      {children}
    </form>
  );
}
