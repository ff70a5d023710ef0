import type { ReactNode } from "react";

/** A column's header: its text, or a cell of its own (a select-all box, say) under a key. */
export type Column = string | { key: string; header: ReactNode };

/** The last column of rows with buttons: named for screen readers, blank on screen. */
export const ACTIONS_COLUMN: Column = { key: "actions", header: <span className="sr-only">Actions</span> };

/** One header row of column headers. */
export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) =>
          typeof column === "string" ? (
            <th key={column} scope="col">
              {column}
            </th>
          ) : (
            <th key={column.key} scope="col">
              {column.header}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}

interface Props {
  columns: readonly Column[];
  /** The table's accessible name, when the section around it does not already give one. */
  label?: string;
  /** A line above the header row, e.g. how many rows there are. */
  caption?: ReactNode;
  /** More classes for the scrolling wrapper (e.g. "card"). */
  className?: string;
  /** What follows the table inside the wrapper, e.g. a "show more" button. */
  footer?: ReactNode;
  /** The rows (`<tr>`s). */
  children: ReactNode;
}

/** The dashboard's list table: a scrolling wrapper around a table with one header row, then the rows. */
export function DataTable({ columns, label, caption, className, footer, children }: Props) {
  return (
    <div className={className ? `${className} table-wrap` : "table-wrap"}>
      <table aria-label={label}>
        {caption && <caption className="hint caption">{caption}</caption>}
        <TableHead columns={columns} />
        <tbody>{children}</tbody>
      </table>
      {footer}
    </div>
  );
}

/** A first column whose header box selects every row shown, or none. */
export function selectAllColumn({
  label,
  ids,
  selected,
  onSelect,
}: {
  label: string;
  ids: readonly string[];
  selected: ReadonlySet<string>;
  onSelect: (ids: Set<string>) => void;
}): Column {
  return {
    key: "select",
    header: (
      <input
        type="checkbox"
        aria-label={label}
        checked={ids.length > 0 && ids.every((id) => selected.has(id))}
        onChange={(e) => onSelect(e.currentTarget.checked ? new Set(ids) : new Set())}
      />
    ),
  };
}
