import { useDevMailbox } from "../../api/settings-queries";

/** Without an email provider, emails land in the local dev mailbox; point there when it exists. */
export function DevMailboxLink() {
  const mailbox = useDevMailbox();
  if (!mailbox.isSuccess) return null;
  return (
    <a className="hint" href="/api/dev/mailbox" target="_blank" rel="noreferrer">
      No email provider is set up: open the dev mailbox
    </a>
  );
}
