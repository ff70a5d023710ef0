import { useResendVerification } from "../api/settings-queries";
import { ErrorMessage } from "./ErrorMessage";
import { DevMailboxLink } from "./settings/DevMailboxLink";

/**
 * The address is not verified yet: where the link went, what waits for it, and a way to send it again.
 * `callbackURL` is where the link lands once opened.
 */
export function VerifyEmailNotice({
  email,
  callbackURL,
  why,
}: {
  email: string;
  callbackURL: string;
  why: string;
}) {
  const resend = useResendVerification();
  return (
    <div className="alert info stack" role="status" aria-label="Verify your email">
      <span>
        Verify your email: open the link we sent to <strong>{email}</strong>. {why}
      </span>
      <div className="row">
        <button
          type="button"
          className="btn secondary small"
          disabled={resend.isPending || resend.isSuccess}
          onClick={() => resend.mutate({ email, callbackURL })}
        >
          {resend.isSuccess ? "Link sent again" : "Send the link again"}
        </button>
        <DevMailboxLink />
      </div>
      <ErrorMessage error={resend.error} />
    </div>
  );
}
