import { ownFieldForHeader, STANDARD_LEAD_FIELDS } from "@loom-lite/schema";
import { useId } from "react";
import type { ImportReport } from "../../api/schema";

/** CSV header → merge field, or null to leave the column out (the import API's `mapping`). */
export type Mapping = Record<string, string | null>;

const IGNORE = "";

/**
 * The import's column-mapping step: which merge field each column of the file fills, as the check
 * decided it. A header read as a standard column under another name (`role` → `title`) says so, and
 * every column can be pointed at a standard column, its own name, or left out.
 */
export function ColumnMapping({
  columns,
  pending,
  onChange,
}: {
  columns: ImportReport["columns"];
  pending: boolean;
  onChange: (header: string, field: string | null) => void;
}) {
  const id = useId();
  return (
    <fieldset className="stack column-mapping" aria-label="Column mapping">
      <legend>Columns</legend>
      <p className="hint">
        Each column of the file fills the merge field beside it; change any that is wrong.
      </p>
      <ul className="stack">
        {columns.map((column, i) => {
          const own = ownFieldForHeader(column.header, i + 1);
          const renamed = column.field !== null && column.field !== own;
          const choices = [
            ...new Set([own, ...STANDARD_LEAD_FIELDS, ...(column.field ? [column.field] : [])]),
          ];
          return (
            <li key={column.header} className="row">
              <label htmlFor={`${id}-${i}`}>
                <code>{column.header}</code> →
              </label>
              <select
                id={`${id}-${i}`}
                aria-label={`Merge field for the column “${column.header}”`}
                value={column.field ?? IGNORE}
                disabled={pending}
                onChange={(e) => onChange(column.header, e.currentTarget.value || null)}
              >
                {choices.map((field) => (
                  <option key={field} value={field}>
                    {`{{${field}}}`}
                    {field === own ? " (its own name)" : ""}
                  </option>
                ))}
                <option value={IGNORE}>leave this column out</option>
              </select>
              {renamed && column.guessed && (
                <span className="hint">
                  read as {column.field}: “{column.header}” is a usual name for it; choose {`{{${own}}}`} to
                  keep it as it is
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
