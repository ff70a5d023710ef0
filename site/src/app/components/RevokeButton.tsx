import { ConfirmButton } from "./ConfirmButton";

interface Props {
  /** The name of the credential's holder, e.g. the node's or the key's. */
  name: string;
  /** What kind of thing it is ("node", "key"): the confirming button says "Revoke node". */
  kind: string;
  /** What revoking it does, said after "Revoke “name”?". */
  consequence: string;
  disabled?: boolean;
  onConfirm: () => void;
}

/** A table row's "Revoke" action for a credential, asking first what it will do. */
export function RevokeButton({ name, kind, consequence, disabled, onConfirm }: Props) {
  return (
    <ConfirmButton
      question={`Revoke “${name}”? ${consequence}`}
      confirmLabel={`Revoke ${kind}`}
      ariaLabel={`Revoke ${name}`}
      disabled={disabled}
      onConfirm={onConfirm}
    >
      Revoke
    </ConfirmButton>
  );
}
