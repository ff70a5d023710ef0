import { type GuardedArea, whoMayChange } from "../../lib/team-rules";

/** Said instead of a form the person's role cannot use. */
export function RoleNotice({ area, what }: { area: GuardedArea; what: string }) {
  return (
    <p className="alert info" role="note" data-testid={`role-notice-${area}`}>
      Only {whoMayChange(area)} can change {what}. Ask them if something here needs to change.
    </p>
  );
}
