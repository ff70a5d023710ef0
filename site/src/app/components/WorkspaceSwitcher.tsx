import { useId } from "react";
import { useMyWorkspaces, useSwitchWorkspace } from "../api/settings-queries";
import { href } from "../lib/router";
import { ErrorMessage } from "./ErrorMessage";

/**
 * The workspace this session works in, in the header. For people in several, a menu that moves the
 * session to another and opens its campaigns (the screen on view belongs to the old one).
 */
export function WorkspaceSwitcher({
  current,
  email,
}: {
  current: { id: string; name: string };
  email?: string;
}) {
  const id = useId();
  const workspaces = useMyWorkspaces();
  const switching = useSwitchWorkspace();
  const choices = workspaces.data ?? [];
  if (choices.length < 2) {
    return (
      <span className="who" title={email}>
        {current.name}
      </span>
    );
  }
  return (
    <span className="workspace-switcher">
      <label htmlFor={id} className="sr-only">
        Workspace
      </label>
      <select
        id={id}
        value={current.id}
        disabled={switching.isPending}
        title={email}
        onChange={(e) =>
          switching.mutate(e.currentTarget.value, {
            onSuccess: () => {
              window.location.hash = href({ view: "campaigns" });
            },
          })
        }
      >
        {choices.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name} ({w.role})
          </option>
        ))}
      </select>
      <ErrorMessage error={switching.error} />
    </span>
  );
}
