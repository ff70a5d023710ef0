import { type ReactNode, useId, useState } from "react";
import { useImportLeads } from "../api/queries";
import type { ImportReport } from "../api/schema";
import { plural } from "../lib/format";
import { ActionButton } from "./ActionButton";
import { ErrorMessage } from "./ErrorMessage";
import { Form } from "./form/Form";
import { ColumnMapping, type Mapping } from "./lead-import/ColumnMapping";

const EXAMPLE = "first_name,company,website\nMaria,Acme Bakery,https://acme-bakery.example\n";

/**
 * Paste or pick a CSV; the server checks it (dry run) and reports each problem by row number, then
 * imports the valid rows. Delimiters, BOMs, quoted newlines and header guesses are the server's job;
 * the check shows which merge field each column fills, and the rep's changes go with every request.
 */
export function LeadImport({
  campaignId,
  onAdded,
}: {
  campaignId: string;
  onAdded?: (count: number) => void;
}) {
  const id = useId();
  const [csv, setCsv] = useState("");
  /** The rep's column choices for the file last checked; a different file starts from the guesses. */
  const [mapping, setMapping] = useState<{ csv: string; choices: Mapping }>({ csv: "", choices: {} });
  const check = useImportLeads(campaignId);
  const commit = useImportLeads(campaignId);
  const report = check.data;
  const choices = mapping.csv === csv ? mapping.choices : {};

  function runCheck(text: string, nextChoices: Mapping = mapping.csv === text ? mapping.choices : {}) {
    setCsv(text);
    setMapping({ csv: text, choices: nextChoices });
    commit.reset();
    if (text.trim()) check.mutate({ csv: text, dryRun: true, validRowsOnly: true, mapping: nextChoices });
    else check.reset();
  }

  return (
    <Form
      className="lead-import stack"
      onSubmit={() => {
        commit.mutate(
          { csv, dryRun: false, validRowsOnly: true, mapping: choices },
          {
            onSuccess: (done) => {
              setCsv("");
              setMapping({ csv: "", choices: {} });
              check.reset();
              onAdded?.(done.imported);
            },
          },
        );
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-text`}>Paste leads (CSV)</label>
        <textarea
          id={`${id}-text`}
          value={csv}
          placeholder={EXAMPLE}
          spellCheck={false}
          onChange={(e) => setCsv(e.currentTarget.value)}
          onBlur={() => runCheck(csv)}
        />
        <span className="hint">
          Exports from any tool work: comma, semicolon or tab separated, with a header row. Columns become
          merge fields; a website column is required.
        </span>
      </div>
      <div className="row">
        <label className="btn secondary small file-button">
          Choose a CSV file…
          <input
            type="file"
            accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
            className="sr-only"
            aria-label="CSV file"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void file.text().then(runCheck);
            }}
          />
        </label>
        <ActionButton
          pending={check.isPending}
          pendingLabel="Checking…"
          disabled={!csv.trim()}
          onClick={() => runCheck(csv)}
        >
          Check
        </ActionButton>
      </div>
      <ErrorMessage error={check.error} />
      {report && (
        <ImportCheck
          report={report}
          mapping={
            <ColumnMapping
              columns={report.columns}
              pending={check.isPending}
              onChange={(header, field) => runCheck(csv, { ...choices, [header]: field })}
            />
          }
        />
      )}
      <ErrorMessage error={commit.error} />
      <div className="row">
        <button
          className="btn"
          type="submit"
          disabled={!report || report.validRows === 0 || commit.isPending || check.isPending}
        >
          {commit.isPending ? "Importing…" : `Import ${plural(report?.validRows ?? 0, "lead")}`}
        </button>
        {report && report.invalidRows > 0 && (
          <span className="hint">Rows with problems are left out; fix them and import again.</span>
        )}
      </div>
    </Form>
  );
}

/** The dry run's verdict: the column mapping, how many rows are good, and each problem by row. */
function ImportCheck({ report, mapping }: { report: ImportReport; mapping: ReactNode }) {
  return (
    <section className="stack" aria-label="Import check">
      <p role="status">
        {plural(report.totalRows, "row")} found · {report.validRows} ready to import
        {report.invalidRows > 0 ? ` · ${report.invalidRows} with problems` : ""}
      </p>
      {mapping}
      {report.errors.length > 0 && (
        <ul className="alert error import-errors" aria-label="Problems by row">
          {report.errors.slice(0, 50).map((e) => (
            <li key={`${e.row}-${e.field}-${e.code}`}>
              Row {e.row}
              {e.field ? ` (${e.field})` : ""}: {e.message}
            </li>
          ))}
          {report.errors.length > 50 && <li>…and {report.errors.length - 50} more.</li>}
        </ul>
      )}
    </section>
  );
}
