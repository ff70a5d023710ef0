import { createRoute, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { App } from "../context";
import { ApiError } from "../errors";
import { requirePrincipal } from "../middleware/auth";
import { rateLimit } from "../middleware/rate-limit";
import { MAX_IMPORT_ROWS } from "../services/lead-csv";
import { IMPORT_MODES, type ImportMode, importLeadsCsv, ROW_PROBLEM_CODES } from "../services/lead-import";
import { commonErrors, IdParam, rateLimitedResponse, SECURITY } from "./openapi-common";

/** A CSV of 10,000 wide rows stays well under this. */
const MAX_CSV_BYTES = 20 * 1024 * 1024;
/** Room for the multipart boundary and part headers around a file of the largest size. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

const Mapping = z.record(z.string().max(200), z.string().max(100).nullable()).openapi({
  description:
    "CSV header → merge field (null ignores the column). Headers left out are guessed: Website/URL/Domain → website, First Name → first_name, Email → email, Company → company, …",
  example: { "Company Domain": "website", Notes: null },
});

const flag = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1")
  .optional();

const ImportQuery = z.object({
  dryRun: flag.openapi({ description: "Check and preview only; nothing is imported" }),
  mode: z.enum(IMPORT_MODES).optional().openapi({
    description:
      "`all_or_nothing` (default): any bad row refuses the file. `valid_rows`: import the good rows",
  }),
  mapping: z
    .string()
    .max(20_000)
    .optional()
    .openapi({ description: "The mapping as a JSON object (for text/csv and multipart bodies)" }),
});

const JsonBody = z.object({
  csv: z.string().min(1).max(MAX_CSV_BYTES),
  dryRun: z.boolean().optional(),
  mode: z.enum(IMPORT_MODES).optional(),
  mapping: Mapping.optional(),
});

const FormBody = z.object({
  file: z.any().openapi({ type: "string", format: "binary", description: "The CSV file" }),
  dryRun: z.string().optional(),
  mode: z.string().optional(),
  mapping: z.string().optional(),
});

const ReportSchema = z
  .object({
    dryRun: z.boolean(),
    mode: z.enum(IMPORT_MODES),
    delimiter: z.string(),
    columns: z.array(z.object({ header: z.string(), field: z.string().nullable(), guessed: z.boolean() })),
    totalRows: z.number().int(),
    validRows: z.number().int(),
    invalidRows: z.number().int(),
    imported: z.number().int(),
    errors: z.array(
      z.object({
        row: z.number().int().openapi({ description: "Row number in the file; the header is row 1" }),
        field: z.string().nullable(),
        code: z.enum(ROW_PROBLEM_CODES),
        message: z.string(),
      }),
    ),
    preview: z.array(z.object({ row: z.number().int(), fields: z.record(z.string(), z.string()) })),
  })
  .openapi("LeadImportReport");

const importRoute = createRoute({
  method: "post",
  path: "/api/campaigns/{id}/leads/import",
  operationId: "leads.import",
  tags: ["Leads"],
  summary: "Import leads from a CSV file, with a dry run that previews and reports problems",
  description: `Send the file as \`text/csv\`, as \`multipart/form-data\` (field \`file\`), or as JSON (\`{ "csv": "…" }\`). The first non-blank row is the header. Delimiter (\`,\` \`;\` tab \`|\`) and a byte order mark are detected; quoted fields may hold newlines. At most ${MAX_IMPORT_ROWS} rows. Each row is checked: websites normalised and validated, emails checked, fields the scenes need present, duplicates (same website or email) within the file and against the campaign's leads. Problems are reported per row number.`,
  security: SECURITY,
  middleware: [
    requirePrincipal,
    rateLimit("lead_import_ip", "lead_import_workspace"),
    // Refused from Content-Length before anything is read; a body without one stops at the cap.
    bodyLimit({
      maxSize: MAX_CSV_BYTES + MULTIPART_OVERHEAD_BYTES,
      onError: () => {
        throw new ApiError("BAD_REQUEST", `body: over ${MAX_CSV_BYTES / 1024 / 1024} MB; split the file`);
      },
    }),
  ] as const,
  request: {
    params: IdParam("cmp_4fJ9a0b1c2d3e4f5"),
    query: ImportQuery,
    body: {
      required: false,
      content: {
        "application/json": { schema: JsonBody },
        "multipart/form-data": { schema: FormBody },
        "text/csv": { schema: z.string().openapi({ example: "first_name,website\nAda,example.com\n" }) },
      },
    },
  },
  responses: {
    200: {
      description: "Dry run report, or what was imported",
      content: { "application/json": { schema: ReportSchema } },
    },
    ...commonErrors,
    429: rateLimitedResponse,
  },
});

function parseMapping(text: string | undefined, field: string): Record<string, string | null> | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError("BAD_REQUEST", `${field}: is not valid JSON`);
  }
  const result = Mapping.safeParse(parsed);
  if (!result.success) {
    throw new ApiError("BAD_REQUEST", `${field}: must be an object of CSV header → field name or null`);
  }
  return result.data;
}

function parseFlag(text: string | undefined, field: string): boolean | undefined {
  if (text === undefined) return undefined;
  if (["true", "1"].includes(text)) return true;
  if (["false", "0"].includes(text)) return false;
  throw new ApiError("BAD_REQUEST", `${field}: must be true or false`);
}

function parseMode(text: string | undefined, field: string): ImportMode | undefined {
  if (text === undefined) return undefined;
  if ((IMPORT_MODES as readonly string[]).includes(text)) return text as ImportMode;
  throw new ApiError("BAD_REQUEST", `${field}: must be one of ${IMPORT_MODES.join(", ")}`);
}

function checkSize(text: string): string {
  if (text.length > MAX_CSV_BYTES) {
    throw new ApiError("BAD_REQUEST", `body: over ${MAX_CSV_BYTES / 1024 / 1024} MB; split the file`);
  }
  if (text.trim() === "") throw new ApiError("BAD_REQUEST", "body: the file is empty");
  return text;
}

export function registerLeadImport(app: App) {
  app.openapi(importRoute, async (c) => {
    const query = c.req.valid("query");
    const contentType = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    let input: { csv: string; dryRun?: boolean; mode?: ImportMode; mapping?: Record<string, string | null> };

    if (contentType === "application/json") {
      const body = c.req.valid("json") as z.infer<typeof JsonBody>;
      input = { csv: body.csv, dryRun: body.dryRun, mode: body.mode, mapping: body.mapping };
    } else if (contentType === "multipart/form-data") {
      const form = c.req.valid("form") as z.infer<typeof FormBody>;
      if (!(form.file instanceof File)) throw new ApiError("BAD_REQUEST", "file: attach the CSV as `file`");
      if (form.file.size > MAX_CSV_BYTES) {
        throw new ApiError("BAD_REQUEST", `file: over ${MAX_CSV_BYTES / 1024 / 1024} MB; split it`);
      }
      input = {
        csv: await form.file.text(),
        dryRun: parseFlag(form.dryRun, "dryRun"),
        mode: parseMode(form.mode, "mode"),
        mapping: parseMapping(form.mapping, "mapping"),
      };
    } else if (contentType === "text/csv" || contentType === "text/plain") {
      input = { csv: await c.req.text() };
    } else {
      throw new ApiError(
        "BAD_REQUEST",
        "content-type: send the file as text/csv, multipart/form-data (field `file`) or application/json",
      );
    }

    const report = await importLeadsCsv(c.get("workspace"), c.req.valid("param").id, {
      csv: checkSize(input.csv),
      dryRun: input.dryRun ?? query.dryRun ?? false,
      mode: input.mode ?? query.mode ?? "all_or_nothing",
      mapping: input.mapping ?? parseMapping(query.mapping, "mapping"),
    });
    return c.json(report, 200);
  });
}
