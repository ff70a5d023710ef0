import type { ReactNode } from "react";
import { ErrorMessage } from "../ErrorMessage";
import { SubmitButton } from "./SubmitButton";

interface Props {
  /** The request the form submits (a TanStack mutation). */
  mutation: { error: unknown; isPending: boolean; isSuccess: boolean };
  submitLabel: string;
  pendingLabel?: string;
  /** Said in an ok alert once the request succeeded, e.g. "Workspace saved.". */
  saved?: ReactNode;
  disabled?: boolean;
  buttonClassName?: string;
  /** More in the button row, after the button (a cancel button, a hint). */
  children?: ReactNode;
}

/** The end of a form: what went wrong or what was saved, then the submit button in its row. */
export function FormFooter({
  mutation,
  submitLabel,
  pendingLabel = "Saving…",
  saved,
  disabled,
  buttonClassName,
  children,
}: Props) {
  return (
    <>
      <ErrorMessage error={mutation.error} />
      {saved && mutation.isSuccess && (
        <div className="alert ok" role="status">
          {saved}
        </div>
      )}
      <div className="row">
        <SubmitButton
          pending={mutation.isPending}
          pendingLabel={pendingLabel}
          disabled={disabled}
          className={buttonClassName}
        >
          {submitLabel}
        </SubmitButton>
        {children}
      </div>
    </>
  );
}
