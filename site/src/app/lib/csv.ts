import { normalizeFieldName } from "@loom-lite/schema";
import Papa from "papaparse";

export interface ParsedLeads {
  /** Column names, normalized the way merge fields match them (`First Name` → `first_name`). */
  columns: string[];
  rows: Record<string, string>[];
  /** Problems a person can fix in the pasted text, one sentence each. */
  warnings: string[];
  delimiter: string;
}

/**
 * Parses pasted or uploaded lead lists: a header row (or the given column names), a byte order mark
 * from spreadsheet exports, and any of `,` `;` tab `|` as the delimiter.
 */
export function parseLeads(text: string, opts: { header: boolean; columns?: string[] }): ParsedLeads {
  const clean = text.replace(/^\uFEFF/, "");
  const result = Papa.parse<string[]>(clean, {
    header: false,
    skipEmptyLines: "greedy",
    delimitersToGuess: [",", ";", "\t", "|"],
  });
  const warnings = result.errors
    .filter((e) => e.type !== "Delimiter")
    .slice(0, 5)
    .map((e) => (e.row === undefined ? e.message : `Row ${e.row + 1}: ${e.message}`));

  const matrix = result.data.map((cells) => cells.map((c) => c.trim()));
  const headerCells = opts.header ? (matrix.shift() ?? []) : (opts.columns ?? []);
  const columns = uniqueNames(headerCells.map(normalizeFieldName));

  const rows: Record<string, string>[] = [];
  for (const cells of matrix) {
    if (cells.every((c) => c === "")) continue;
    const row: Record<string, string> = {};
    cells.forEach((value, i) => {
      const name = columns[i];
      if (name && value !== "") row[name] = name === "website" ? withScheme(value) : value;
    });
    if (cells.length > columns.length) {
      warnings.push(`A row has ${cells.length} values but there are only ${columns.length} columns.`);
    }
    rows.push(row);
  }
  if (rows.length > 0 && !columns.includes("website")) {
    warnings.push("No `website` column: scenes that use {{website}} will have nothing to open.");
  }
  const missingSite = rows.filter((r) => columns.includes("website") && !r.website).length;
  if (missingSite > 0) warnings.push(`${missingSite} row(s) have no website.`);
  return { columns, rows, warnings: [...new Set(warnings)], delimiter: result.meta.delimiter };
}

/** `acme.com` in a spreadsheet means `https://acme.com` to the person who typed it. */
function withScheme(url: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `https://${url}`;
}

function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((raw, i) => {
    const name = raw || `column_${i + 1}`;
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    return n === 0 ? name : `${name}_${n + 1}`;
  });
}
