import { useId, useMemo, useState } from "react";
import { useAddLeads } from "../api/queries";
import { parseLeads } from "../lib/csv";
import { ErrorMessage } from "./ErrorMessage";

const EXAMPLE = "first_name,company,website\nMaria,Acme Bakery,https://acme-bakery.example\n";
const PREVIEW_ROWS = 5;

/** Paste or pick a CSV (or bare rows), preview what will be added, then add the leads. */
export function LeadImport({
  campaignId,
  onAdded,
}: {
  campaignId: string;
  onAdded?: (count: number) => void;
}) {
  const id = useId();
  const [text, setText] = useState("");
  const [header, setHeader] = useState(true);
  const [columnsText, setColumnsText] = useState("first_name, website");
  const addLeads = useAddLeads(campaignId);

  const parsed = useMemo(
    () =>
      text.trim()
        ? parseLeads(text, {
            header,
            columns: columnsText
              .split(",")
              .map((c) => c.trim())
              .filter(Boolean),
          })
        : null,
    [text, header, columnsText],
  );

  async function pickFile(file: File) {
    setText(await file.text());
  }

  function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!parsed || parsed.rows.length === 0) return;
    addLeads.mutate(
      parsed.rows.map((fields) => ({ fields })),
      {
        onSuccess: (added) => {
          setText("");
          onAdded?.(added.length);
        },
      },
    );
  }

  return (
    <form className="lead-import" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-text`}>Paste leads (CSV)</label>
        <textarea
          id={`${id}-text`}
          value={text}
          placeholder={EXAMPLE}
          onChange={(e) => setText(e.currentTarget.value)}
          spellCheck={false}
        />
        <span className="hint">Comma, semicolon or tab separated. Column names become merge fields.</span>
      </div>
      <div className="row">
        <label className="btn secondary small file-button">
          Choose a CSV file…
          <input
            type="file"
            accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
            className="sr-only"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void pickFile(file);
            }}
          />
        </label>
        <label className="check">
          <input type="checkbox" checked={header} onChange={(e) => setHeader(e.currentTarget.checked)} />
          First line holds the column names
        </label>
      </div>
      {!header && (
        <div className="field">
          <label htmlFor={`${id}-columns`}>Column names, in order</label>
          <input
            id={`${id}-columns`}
            type="text"
            value={columnsText}
            onChange={(e) => setColumnsText(e.currentTarget.value)}
          />
        </div>
      )}
      {parsed && (
        <div className="stack">
          {parsed.warnings.length > 0 && (
            <ul className="alert info warnings">
              {parsed.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          {parsed.rows.length > 0 && (
            <div className="table-wrap">
              <table>
                <caption className="hint caption">
                  {parsed.rows.length} lead{parsed.rows.length === 1 ? "" : "s"} found
                  {parsed.rows.length > PREVIEW_ROWS ? `, first ${PREVIEW_ROWS} shown` : ""}
                </caption>
                <thead>
                  <tr>
                    {parsed.columns.map((c) => (
                      <th key={c} scope="col">
                        {c}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {parsed.rows.slice(0, PREVIEW_ROWS).map((row, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: preview rows have no identity
                    <tr key={i}>
                      {parsed.columns.map((c) => (
                        <td key={c}>{row[c] ?? ""}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
      <ErrorMessage error={addLeads.error} />
      <div className="row">
        <button className="btn" type="submit" disabled={!parsed?.rows.length || addLeads.isPending}>
          {addLeads.isPending
            ? "Adding…"
            : `Add ${parsed?.rows.length ?? 0} lead${parsed?.rows.length === 1 ? "" : "s"}`}
        </button>
      </div>
    </form>
  );
}
