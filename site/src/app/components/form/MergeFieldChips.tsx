/**
 * One button per column the campaign can name (schema's `mergeFieldChoices`), each appending its
 * `{{field}}` to the text beside it.
 */
export function MergeFieldChips({
  columns,
  onInsert,
  label = "Insert a merge field",
}: {
  columns: readonly string[];
  onInsert: (mergeField: string) => void;
  label?: string;
}) {
  if (columns.length === 0) return null;
  return (
    <fieldset className="row hints">
      <legend className="sr-only">{label}</legend>
      {columns.map((column) => {
        const field = `{{${column}}}`;
        return (
          <button
            key={column}
            type="button"
            className="chip"
            onClick={() => onInsert(field)}
            aria-label={`Insert ${field}`}
          >
            {field}
          </button>
        );
      })}
    </fieldset>
  );
}
