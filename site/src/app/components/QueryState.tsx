import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ErrorMessage } from "./ErrorMessage";

interface Props<T> {
  query: UseQueryResult<T>;
  /** What is loading, e.g. "API keys". */
  what: string;
  /** When the data counts as nothing to show; by default, when it is a list with no items. */
  isEmpty?: (data: T) => boolean;
  /** What is said when there is nothing to show. */
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}

const isEmptyList = (data: unknown) => Array.isArray(data) && data.length === 0;

/** The loading, error and empty states every list and form shares, around what it shows when ready. */
export function QueryState<T>({ query, what, isEmpty = isEmptyList, empty, children }: Props<T>) {
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
  if (empty !== undefined && isEmpty(query.data)) return <div className="empty">{empty}</div>;
  return <>{children(query.data)}</>;
}
