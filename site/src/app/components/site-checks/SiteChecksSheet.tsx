import { useState } from "react";
import type { SheetLead, SiteCheckSheet } from "../../api/site-checks";
import { useCheckSites, useExcludeLead, useFixSite, useSiteChecks } from "../../api/site-checks-queries";
import { leadTitle } from "../../lib/landing";
import { ErrorMessage } from "../ErrorMessage";
import { Form } from "../form/Form";
import { SubmitButton } from "../form/SubmitButton";
import { TextField } from "../form/TextField";
import "./site-checks.css";

const VERDICT_LABELS: Record<string, { label: string; tone: string }> = {
  usable: { label: "Usable", tone: "done" },
  walled: { label: "Walled", tone: "failed" },
  broken: { label: "Broken", tone: "failed" },
  fallback: { label: "Fallback page", tone: "queued" },
};

/**
 * The contact sheet: every lead's first frame from its site check, a page at a time, filling in as the
 * checks finish, so walled or broken sites are seen before a render is spent on them; each can be
 * excluded from "Render all" or fixed (its website edited and checked again) in one click.
 */
export function SiteChecksSheet({ campaignId }: { campaignId: string }) {
  /** Cursors of the pages before the one shown (the first page has none). */
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const sheet = useSiteChecks(campaignId, cursor);
  const check = useCheckSites(campaignId);
  const data = sheet.data;

  return (
    <section className="card stack" aria-label="Site checks">
      <div className="row">
        <div>
          <h2 className="section-title">Site checks</h2>
          <p className="hint">
            Opens each lead’s first page as a render would and keeps its first frame, so sites that block
            visitors or do not load are found before their videos are made. Checks are free.
          </p>
        </div>
        <span className="spacer" />
        <button
          type="button"
          className="btn"
          disabled={check.isPending}
          onClick={() => check.mutate(undefined)}
        >
          {check.isPending ? "Queueing…" : "Check sites"}
        </button>
      </div>
      <ErrorMessage error={check.error} />
      {check.data && (
        <p className="hint" role="status">
          {check.data.queued > 0
            ? `Checking ${check.data.queued} site${check.data.queued === 1 ? "" : "s"}.`
            : "Every site already has a current check."}
        </p>
      )}
      <ErrorMessage error={sheet.error} />
      {data && <SheetSummary summary={data.summary} />}
      {sheet.isPending ? (
        <p className="muted">Loading the contact sheet…</p>
      ) : data && data.items.length === 0 ? (
        <p className="muted">No leads yet: add leads, then check their sites.</p>
      ) : (
        <ul className="sheet-grid" aria-label="Contact sheet">
          {data?.items.map((lead) => (
            <SheetTile key={lead.id} lead={lead} campaignId={campaignId} />
          ))}
        </ul>
      )}
      {data && (cursors.length > 1 || data.nextCursor) && (
        <nav className="row" aria-label="Contact sheet pages">
          <button
            type="button"
            className="btn secondary small"
            disabled={cursors.length <= 1}
            onClick={() => setCursors(cursors.slice(0, -1))}
          >
            Previous page
          </button>
          <span className="hint">Page {cursors.length}</span>
          <button
            type="button"
            className="btn secondary small"
            disabled={!data.nextCursor}
            onClick={() => data.nextCursor && setCursors([...cursors, data.nextCursor])}
          >
            Next page
          </button>
        </nav>
      )}
    </section>
  );
}

function SheetSummary({ summary }: { summary: SiteCheckSheet["summary"] }) {
  const checked = Object.values(summary.verdicts).reduce((a, b) => a + b, 0);
  const parts = Object.entries(summary.verdicts)
    .filter(([, n]) => n > 0)
    .map(([verdict, n]) => `${n} ${VERDICT_LABELS[verdict]?.label.toLowerCase() ?? verdict}`);
  return (
    <p className="hint" aria-live="polite" data-testid="sheet-summary">
      {checked} of {summary.leads} site{summary.leads === 1 ? "" : "s"} checked
      {parts.length > 0 && `: ${parts.join(", ")}`}
      {summary.pending > 0 && ` · ${summary.pending} checking…`}
      {summary.failed > 0 && ` · ${summary.failed} could not be checked`}
      {summary.excluded > 0 && ` · ${summary.excluded} excluded from “Render all”`}
    </p>
  );
}

function SheetTile({ lead, campaignId }: { lead: SheetLead; campaignId: string }) {
  const exclude = useExcludeLead(campaignId);
  const [fixing, setFixing] = useState(false);
  const title = leadTitle(lead.fields);
  const { check } = lead;
  const verdict = check?.verdict ? VERDICT_LABELS[check.verdict] : undefined;
  const state = !check
    ? { label: "Not checked", tone: "" }
    : verdict
      ? verdict
      : check.state === "failed" || check.state === "cancelled"
        ? { label: "Not checked", tone: "failed" }
        : { label: "Checking…", tone: "active" };

  return (
    <li className={lead.excluded ? "sheet-tile excluded" : "sheet-tile"} aria-label={title}>
      <div className="sheet-frame">
        {check?.frameUrl ? (
          <img src={check.frameUrl} alt={`First frame of ${lead.fields.website ?? title}`} loading="lazy" />
        ) : (
          <span className="muted">{check?.state === "done" ? "Nothing to show" : "No frame yet"}</span>
        )}
      </div>
      <div className="sheet-meta">
        <strong>{title}</strong>
        <span className="hint sheet-site">{lead.fields.website}</span>
        <span>
          <span className={`badge ${state.tone}`}>{state.label}</span>
          {lead.excluded && <span className="badge"> Excluded</span>}
          {lead.stale && <span className="hint"> · website changed since</span>}
        </span>
        {check?.reason && check.verdict !== "usable" && <span className="hint">{check.reason}</span>}
      </div>
      <div className="row">
        <button
          type="button"
          className="btn secondary small"
          disabled={exclude.isPending}
          onClick={() => exclude.mutate({ leadId: lead.id, excluded: !lead.excluded })}
        >
          {lead.excluded ? "Include" : "Exclude"}
        </button>
        <button
          type="button"
          className="btn secondary small"
          onClick={() => setFixing(!fixing)}
          aria-expanded={fixing}
        >
          Fix
        </button>
      </div>
      <ErrorMessage error={exclude.error} />
      {fixing && <FixSiteForm lead={lead} campaignId={campaignId} onDone={() => setFixing(false)} />}
    </li>
  );
}

/** Edits the lead's website and checks it again. */
function FixSiteForm({
  lead,
  campaignId,
  onDone,
}: {
  lead: SheetLead;
  campaignId: string;
  onDone: () => void;
}) {
  const [website, setWebsite] = useState(lead.fields.website ?? "");
  const fix = useFixSite(campaignId);
  return (
    <Form
      className="stack"
      label={`Fix the website of ${leadTitle(lead.fields)}`}
      onSubmit={() => fix.mutate({ lead, website }, { onSuccess: onDone })}
    >
      <TextField label="Website" type="text" value={website} required onChange={setWebsite} />
      <ErrorMessage error={fix.error} />
      <SubmitButton pending={fix.isPending} pendingLabel="Checking…">
        Save and check again
      </SubmitButton>
    </Form>
  );
}
