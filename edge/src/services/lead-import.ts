import { normalizeFieldName } from "@loom-lite/schema";
import { leads } from "@loom-lite/schema/db";
import { and, eq } from "drizzle-orm";
import { ApiError } from "../errors";
import type { Db } from "../lib/db";
import { getCampaignRow } from "./campaigns";
import { type ColumnMapping, mapColumns, parseCsv, rowFields } from "./lead-csv";
import { checkLeadFields, isWebUrl, normalizeWebsite } from "./lead-fields";
import { insertLeads } from "./leads";
import type { WorkspaceScope } from "./workspace-scope";

export const IMPORT_MODES = ["all_or_nothing", "valid_rows"] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const ROW_PROBLEM_CODES = [
  "parse",
  "invalid_url",
  "invalid_email",
  "missing_field",
  "duplicate_in_file",
  "duplicate_existing",
] as const;
export type RowProblemCode = (typeof ROW_PROBLEM_CODES)[number];

export interface RowProblem {
  /** Row number in the file; the header is row 1. */
  row: number;
  field: string | null;
  code: RowProblemCode;
  message: string;
}

export interface ImportReport {
  dryRun: boolean;
  mode: ImportMode;
  delimiter: string;
  columns: ColumnMapping[];
  totalRows: number;
  validRows: number;
  invalidRows: number;
  /** Leads created by this request (0 for a dry run). */
  imported: number;
  /** Every problem, up to MAX_PROBLEMS; `invalidRows` counts them all. */
  errors: RowProblem[];
  /** The first valid rows as they would be stored (URLs normalised). */
  preview: Array<{ row: number; fields: Record<string, string> }>;
}

const MAX_PROBLEMS = 1000;
const PREVIEW_ROWS = 20;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `https://www.Example.com/` and `example.com` are the same website. */
function websiteKey(url: string): string {
  try {
    const u = new URL(url);
    const path = u.pathname.replace(/\/+$/, "");
    return `${u.hostname.toLowerCase().replace(/^www\./, "")}${path}${u.search}`;
  } catch {
    return url.toLowerCase();
  }
}

function fieldOf(fields: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(fields).find((k) => normalizeFieldName(k) === name);
  const value = key ? fields[key]?.trim() : undefined;
  return value ? value : undefined;
}

/** Websites and emails of the campaign's leads, for duplicate checks. */
async function existingKeys(db: Db, workspaceId: string, campaignId: string) {
  const rows = await db
    .select({ fields: leads.fields })
    .from(leads)
    .where(and(eq(leads.workspaceId, workspaceId), eq(leads.campaignId, campaignId)));
  const websites = new Set<string>();
  const emails = new Set<string>();
  for (const { fields } of rows) {
    const website = fieldOf(fields, "website");
    const email = fieldOf(fields, "email");
    if (website) websites.add(websiteKey(normalizeWebsite(website)));
    if (email) emails.add(email.toLowerCase());
  }
  return { websites, emails };
}

/**
 * Imports a CSV of leads into a campaign. Every row is checked first: URLs normalised and validated,
 * emails checked, the fields the campaign's scene URLs need present, duplicates found (within the file,
 * and against the campaign's leads, by website or email). A dry run only reports. Otherwise
 * `all_or_nothing` refuses the whole file when any row has a problem, and `valid_rows` imports the
 * rows without problems and reports the others.
 */
export async function importLeadsCsv(
  ws: WorkspaceScope,
  campaignId: string,
  input: { csv: string; dryRun: boolean; mode: ImportMode; mapping?: Record<string, string | null> },
): Promise<ImportReport> {
  const { db, workspaceId } = ws;
  const campaign = await getCampaignRow(db, workspaceId, campaignId);
  const parsed = parseCsv(input.csv);
  const columns = mapColumns(parsed.headers, input.mapping);
  const existing = await existingKeys(db, workspaceId, campaignId);

  const problems: RowProblem[] = [];
  const valid: Array<{ row: number; fields: Record<string, string> }> = [];
  const seenWebsites = new Map<string, number>();
  const seenEmails = new Map<string, number>();
  const parseErrors = new Map(parsed.parseErrors.map((e) => [e.row, e.message]));

  for (const { row, cells } of parsed.rows) {
    const rowProblems: RowProblem[] = [];
    const problem = (field: string | null, code: RowProblemCode, message: string) =>
      rowProblems.push({ row, field, code, message });

    const parseError = parseErrors.get(row);
    if (parseError) problem(null, "parse", `this row ${parseError}`);

    let fields = rowFields(columns, cells);
    if (fields.website) {
      const normalised = normalizeWebsite(fields.website);
      if (isWebUrl(normalised)) fields.website = normalised;
      else
        problem("website", "invalid_url", `"${fields.website}" is not a website address (like example.com)`);
    }
    if (fields.email && !EMAIL.test(fields.email)) {
      problem("email", "invalid_email", `"${fields.email}" is not an email address`);
    }
    if (rowProblems.length === 0) {
      const checked = checkLeadFields(campaign.spec, fields);
      if ("problems" in checked) {
        for (const p of checked.problems) {
          const code = p.message.startsWith("required") ? "missing_field" : "invalid_url";
          // Two scenes on {{website}} make one problem for the user, not two.
          if (!rowProblems.some((known) => known.field === p.field && known.code === code)) {
            problem(p.field, code, p.message);
          }
        }
      } else {
        fields = checked.fields;
      }
    }

    if (rowProblems.length === 0) {
      const website = fields.website ? websiteKey(fields.website) : undefined;
      const email = fields.email?.toLowerCase();
      if (website && seenWebsites.has(website)) {
        problem("website", "duplicate_in_file", `same website as row ${seenWebsites.get(website)}`);
      } else if (email && seenEmails.has(email)) {
        problem("email", "duplicate_in_file", `same email as row ${seenEmails.get(email)}`);
      } else if (website && existing.websites.has(website)) {
        problem("website", "duplicate_existing", "a lead with this website is already in the campaign");
      } else if (email && existing.emails.has(email)) {
        problem("email", "duplicate_existing", "a lead with this email is already in the campaign");
      }
      if (website && !seenWebsites.has(website)) seenWebsites.set(website, row);
      if (email && !seenEmails.has(email)) seenEmails.set(email, row);
    }

    if (rowProblems.length > 0) problems.push(...rowProblems);
    else valid.push({ row, fields });
  }

  const invalidRows = new Set(problems.map((p) => p.row)).size;
  const report: ImportReport = {
    dryRun: input.dryRun,
    mode: input.mode,
    delimiter: parsed.delimiter,
    columns,
    totalRows: parsed.rows.length,
    validRows: valid.length,
    invalidRows,
    imported: 0,
    errors: problems.slice(0, MAX_PROBLEMS),
    preview: valid.slice(0, PREVIEW_ROWS),
  };
  if (input.dryRun) return report;

  if (input.mode === "all_or_nothing" && invalidRows > 0) {
    const shown = problems
      .slice(0, 10)
      .map((p) => `row ${p.row}${p.field ? ` ${p.field}` : ""}: ${p.message}`)
      .join("; ");
    throw new ApiError(
      "BAD_REQUEST",
      `No leads were imported: ${invalidRows} of ${parsed.rows.length} rows have problems (${shown}${problems.length > 10 ? "; …" : ""}). Fix them, or import with mode=valid_rows to skip them.`,
    );
  }
  if (valid.length === 0) {
    throw new ApiError("BAD_REQUEST", "No leads were imported: no row of the file is valid");
  }
  const inserted = await insertLeads(
    db,
    workspaceId,
    campaignId,
    valid.map((v) => v.fields),
  );
  return { ...report, imported: inserted.length };
}
