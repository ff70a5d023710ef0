import { createContext, type ReactNode, useContext } from "react";
import { uiPath } from "../../lib/field-paths";

/** A problem with one field, found as the rep types or answered by the API. */
export interface FieldIssue {
  /** The field's path in the API's request (`spec.scenes.0.url`), which is also its key here. */
  path: string;
  message: string;
  /** A one-click fix (the close merge field, declaring a column): its label and what it does. */
  fix?: { label: string; apply: () => void };
}

const FieldIssues = createContext<readonly FieldIssue[]>([]);

/** Makes the problems of a form's fields available to the fields, which show their own. */
export function FieldProblemsProvider({
  issues,
  children,
}: {
  issues: readonly FieldIssue[];
  children: ReactNode;
}) {
  return <FieldIssues.Provider value={issues}>{children}</FieldIssues.Provider>;
}

/** Beside a field: what is wrong with it, in the dashboard's words, and the fix when there is one. */
export function FieldProblem({ path }: { path: string }) {
  const issues = useContext(FieldIssues).filter((i) => i.path === path);
  if (issues.length === 0) return null;
  return (
    <div className="field-problems" role="alert">
      {issues.map((issue) => (
        <p key={issue.message} className="error-text">
          {uiPath(path)}: {issue.message}
          {issue.fix && (
            <>
              {" "}
              <button type="button" className="btn secondary small" onClick={issue.fix.apply}>
                {issue.fix.label}
              </button>
            </>
          )}
        </p>
      ))}
    </div>
  );
}
