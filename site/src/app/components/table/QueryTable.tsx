import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { QueryState } from "../QueryState";
import { type Column, DataTable } from "./DataTable";

interface Props<T> {
  /** The query that loads the list. */
  query: UseQueryResult<T[]>;
  /** What is loading, e.g. "API keys". */
  what: string;
  /** What is said when the list has nothing in it. */
  empty: ReactNode;
  columns: readonly Column[];
  label?: string;
  /** The `<tr>` of one item, with its key. */
  row: (item: T) => ReactNode;
}

/** A list loaded from the API as a table, one row an item: loading, error and empty states included. */
export function QueryTable<T>({ query, what, empty, columns, label, row }: Props<T>) {
  return (
    <QueryState query={query} what={what} empty={empty}>
      {(list) => (
        <DataTable columns={columns} label={label}>
          {list.map(row)}
        </DataTable>
      )}
    </QueryState>
  );
}
