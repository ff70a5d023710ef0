import { useState } from "react";
import { isRenderPending, useCampaign, useEnqueueRenders, useLeads } from "../api/queries";
import type { Lead } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { LeadImport } from "../components/LeadImport";
import { LeadsTable } from "../components/LeadsTable";
import { ProgressBar } from "../components/ProgressBar";
import { RenderPlayer } from "../components/RenderPlayer";
import { landingUrl, leadTitle } from "../lib/landing";
import { href } from "../lib/router";

export function CampaignView({ id, workspaceSlug }: { id: string; workspaceSlug?: string }) {
  const campaign = useCampaign(id);
  const leads = useLeads(id);
  const enqueue = useEnqueueRenders(id);
  const [watching, setWatching] = useState<Lead | null>(null);
  const [showImport, setShowImport] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const list = leads.data ?? [];
  const pending = list.filter(isRenderPending).length;
  const done = list.filter((l) => l.render?.state === "done").length;
  const renderable = list.filter(
    (l) => !l.render || l.render.state === "failed" || l.render.state === "cancelled",
  );
  const overall =
    list.length === 0
      ? 0
      : list.reduce((sum, l) => sum + (l.render?.state === "done" ? 1 : (l.render?.progress ?? 0)), 0) /
        list.length;

  const importOpen = showImport || (leads.isSuccess && list.length === 0);

  if (campaign.isPending) return <p className="muted">Loading campaign…</p>;
  if (campaign.error) return <ErrorMessage error={campaign.error} />;
  const c = campaign.data;

  return (
    <div className="stack">
      <div className="row page-head">
        <div>
          <a className="hint" href={href({ view: "campaigns" })}>
            ← Campaigns
          </a>
          <h1>{c.name}</h1>
          <p className="hint">
            {c.spec.scenes.map((s) => s.url).join(" → ")} · bubble {c.spec.bubble.position}
          </p>
        </div>
        <span className="spacer" />
        <button
          type="button"
          className="btn secondary"
          onClick={() => setShowImport(!importOpen)}
          aria-expanded={importOpen}
        >
          {importOpen ? "Hide import" : "Add leads"}
        </button>
        <button
          type="button"
          className="btn"
          disabled={renderable.length === 0 || enqueue.isPending}
          onClick={() => enqueue.mutate(renderable.map((l) => l.id))}
        >
          {enqueue.isPending
            ? "Queueing…"
            : `Render all${renderable.length ? ` (${renderable.length})` : ""}`}
        </button>
      </div>

      <ErrorMessage error={enqueue.error} />
      {notice && (
        <div className="alert ok" role="status">
          {notice}
        </div>
      )}

      {importOpen && (
        <section className="card" aria-label="Add leads">
          <LeadImport
            campaignId={id}
            onAdded={(count) => {
              setNotice(
                `Added ${count} lead${count === 1 ? "" : "s"}. Press “Render all” to make their videos.`,
              );
              setShowImport(false);
            }}
          />
        </section>
      )}

      {list.length > 0 && (
        <div className="card summary">
          <div className="row">
            <strong>
              {done} of {list.length} videos ready
            </strong>
            {pending > 0 && <span className="hint">{pending} rendering or queued · updates every 2 s</span>}
          </div>
          <ProgressBar
            value={overall}
            label="Campaign progress"
            tone={done === list.length ? "done" : "active"}
          />
        </div>
      )}

      {watching?.render && (
        <RenderPlayer
          renderId={watching.render.id}
          title={leadTitle(watching.fields)}
          landingUrl={workspaceSlug ? landingUrl(workspaceSlug, watching.slug) : undefined}
          onClose={() => setWatching(null)}
        />
      )}

      <section className="card" aria-label="Leads">
        <h2 className="section-title">Leads</h2>
        <ErrorMessage error={leads.error} />
        {leads.isPending ? (
          <p className="muted">Loading leads…</p>
        ) : (
          <LeadsTable campaignId={id} leads={list} workspaceSlug={workspaceSlug} onWatch={setWatching} />
        )}
      </section>
    </div>
  );
}
