import type { ReactNode } from "react";
import { CopyButton } from "./CopyButton";

/** A secret the API shows only once (a key, a token, a signing secret), with Copy and Done. */
export function SecretShownOnce(props: {
  label: string;
  message: ReactNode;
  secret: string;
  testId: string;
  onDone: () => void;
  children?: ReactNode;
}) {
  return (
    <div className="alert ok stack" role="status" aria-label={props.label}>
      <strong>{props.message}</strong>
      {props.children}
      <div className="row">
        <code className="mono secret" data-testid={props.testId}>
          {props.secret}
        </code>
        <CopyButton text={props.secret} />
        <button type="button" className="btn secondary small" onClick={props.onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
