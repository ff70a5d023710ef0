import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ErrorMessage } from "./ErrorMessage";

interface Props<T> {
  query: UseQueryResult<T>;
  /** What is loading, e.g. "API keys". */
  what: string;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}

/** The loading, error and empty states every list and form shares, around what it shows when ready. */
export function QueryState<T>({ query, what, isEmpty, empty, children }: Props<T>) {
  if (query.isPending) return <p className="muted">Loading {what}…</p>;
  if (query.isError)
    return (
      <div className="stack">
        <ErrorMessage error={query.error} />
        <button type="button" className="btn secondary small" onClick={() => query.refetch()}>
          Try again
        </button>
      </div>
    );
  if (isEmpty?.(query.data)) return <div className="empty">{empty}</div>;
  return <>{children(query.data)}</>;
}
