import { normalizeFieldName, ownFieldForHeader, standardFieldForHeader } from "@loom-lite/schema";
import Papa from "papaparse";
import { ApiError } from "../errors";

export const MAX_IMPORT_ROWS = 10_000;
const DELIMITERS = [",", ";", "\t", "|"];

export interface ColumnMapping {
  /** The header as it appears in the file. */
  header: string;
  /** The merge field the column fills, or null when the column is ignored. */
  field: string | null;
  /** True when the field was guessed from the header rather than given in the request's mapping. */
  guessed: boolean;
}

export interface ParsedCsv {
  delimiter: string;
  headers: string[];
  /** Data rows with their row number in the file (the header is row 1). */
  rows: Array<{ row: number; cells: string[] }>;
  /** Rows the parser could not read cleanly (unclosed quote, more values than columns). */
  parseErrors: Array<{ row: number; message: string }>;
}

/**
 * Reads a CSV as spreadsheet exports write them: optional byte order mark, `,` `;` tab or `|` as the
 * delimiter (guessed), quoted fields that contain delimiters or newlines, a header row first. Blank
 * rows are skipped but still counted, so row numbers match what the user sees in a spreadsheet.
 */
export function parseCsv(text: string): ParsedCsv {
  const clean = text.replace(/^\uFEFF/, "");
  const result = Papa.parse<string[]>(clean, {
    header: false,
    skipEmptyLines: false,
    delimitersToGuess: DELIMITERS,
  });
  const records = result.data;
  const headerIndex = records.findIndex((cells) => cells.some((c) => c.trim() !== ""));
  if (headerIndex === -1) throw new ApiError("BAD_REQUEST", "body: the file is empty");
  const headers = (records[headerIndex] as string[]).map((h) => h.trim());

  const rows: ParsedCsv["rows"] = [];
  for (let i = headerIndex + 1; i < records.length; i++) {
    const cells = records[i] as string[];
    if (cells.every((c) => c.trim() === "")) continue;
    rows.push({ row: i + 1, cells });
  }
  if (rows.length === 0) {
    throw new ApiError("BAD_REQUEST", "body: the file has a header row but no rows of leads below it");
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new ApiError(
      "BAD_REQUEST",
      `body: the file has ${rows.length} rows of leads; at most ${MAX_IMPORT_ROWS} can be imported at once, so split it`,
    );
  }

  const parseErrors = result.errors
    .filter((e) => e.type !== "Delimiter" && e.row !== undefined && e.code !== "TooFewFields")
    .map((e) => ({
      row: (e.row as number) + 1,
      message:
        e.code === "TooManyFields"
          ? `has more values than the header has columns (${headers.length}); check for an unquoted delimiter`
          : e.code === "MissingQuotes" || e.code === "InvalidQuotes"
            ? "has a quote that is never closed"
            : e.message,
    }));
  return { delimiter: result.meta.delimiter, headers, rows, parseErrors };
}

const FIELD_NAME = /^[a-z0-9_]{1,100}$/;

/**
 * Decides which merge field each column fills. An explicit mapping (header → field, or null to ignore
 * the column) wins; other headers are guessed from common spellings, else become their own field name
 * (`Favourite Dish` → `favourite_dish`). Two columns never fill the same field.
 */
export function mapColumns(headers: string[], explicit: Record<string, string | null> = {}): ColumnMapping[] {
  const known = new Set(headers);
  for (const header of Object.keys(explicit)) {
    if (!known.has(header)) {
      throw new ApiError(
        "BAD_REQUEST",
        `mapping.${header}: the file has no column "${header}" (its columns: ${headers.join(", ")})`,
      );
    }
  }
  const taken = new Set<string>();
  const mapped: ColumnMapping[] = headers.map((header) => {
    if (!(header in explicit)) return { header, field: null, guessed: true };
    const target = explicit[header];
    if (target === null || target === undefined || target.trim() === "") {
      return { header, field: null, guessed: false };
    }
    const field = normalizeFieldName(target);
    if (!FIELD_NAME.test(field)) {
      throw new ApiError(
        "BAD_REQUEST",
        `mapping.${header}: "${target}" is not a field name (letters, digits and _ only)`,
      );
    }
    if (taken.has(field)) {
      throw new ApiError("BAD_REQUEST", `mapping.${header}: another column already fills "${field}"`);
    }
    taken.add(field);
    return { header, field, guessed: false };
  });

  // Guesses after explicit choices, so an explicit mapping can claim a field a header would guess.
  return mapped.map((column, i) => {
    if (!column.guessed) return column;
    const alias = standardFieldForHeader(column.header);
    const own = ownFieldForHeader(column.header, i + 1);
    let field = alias && !taken.has(alias) ? alias : own;
    for (let n = 2; taken.has(field); n++) field = `${own}_${n}`;
    taken.add(field);
    return { header: column.header, field, guessed: true };
  });
}

/** One row's values keyed by merge field; empty cells are left out. */
export function rowFields(columns: ColumnMapping[], cells: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  columns.forEach((column, i) => {
    const value = cells[i]?.trim();
    if (column.field && value) fields[column.field] = value;
  });
  return fields;
}
