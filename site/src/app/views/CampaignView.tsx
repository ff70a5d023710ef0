import { useState } from "react";
import { isRenderPending, useCampaign, useEnqueueRenders, useLeads } from "../api/queries";
import type { Campaign, Lead } from "../api/schema";
import { CampaignAnalytics } from "../components/analytics/CampaignAnalytics";
import { RenderLimitNotice } from "../components/billing/RenderLimitNotice";
import { CampaignActions } from "../components/campaigns/CampaignActions";
import { CampaignProgressCard } from "../components/campaigns/CampaignProgressCard";
import { ExampleBadge, ExampleCampaignNote } from "../components/campaigns/ExampleCampaign";
import { LandingSettingsForm } from "../components/campaigns/LandingSettingsForm";
import { OutdatedVideosBanner } from "../components/campaigns/OutdatedVideosBanner";
import { ScenePreview } from "../components/campaigns/ScenePreview";
import { ScenesForm } from "../components/campaigns/ScenesForm";
import { VideoSettingsForm } from "../components/campaigns/VideoSettingsForm";
import { ErrorMessage } from "../components/ErrorMessage";
import { CampaignFacecamForm } from "../components/facecams/CampaignFacecamForm";
import { LeadForm } from "../components/LeadForm";
import { LeadImport } from "../components/LeadImport";
import { LeadsTable } from "../components/LeadsTable";
import { RenderPlayer } from "../components/RenderPlayer";
import { SiteChecksSheet } from "../components/site-checks/SiteChecksSheet";
import { formatMinutes } from "../lib/format";
import { leadTitle, previewHref } from "../lib/landing";
import { href } from "../lib/router";
import { useVideoSeconds } from "../lib/use-video-seconds";

const TABS = [
  { id: "leads", label: "Leads" },
  { id: "sites", label: "Site checks" },
  { id: "analytics", label: "Analytics" },
  { id: "landing", label: "Landing page" },
  { id: "video", label: "Video" },
  { id: "scenes", label: "Scenes" },
] as const;
type Tab = (typeof TABS)[number]["id"];

export function CampaignView({ id }: { id: string }) {
  const campaign = useCampaign(id);
  const [tab, setTab] = useState<Tab>("leads");

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
            {c.example && <ExampleBadge />} <span className="badge">{c.status}</span>{" "}
            {c.spec.scenes.map((s) => s.url).join(" → ")}
          </p>
          <p className="hint">
            {formatMinutes(c.figures.usedSeconds)} of render minutes used
            {c.figures.held > 0 && (
              <span className="error-text"> · {c.figures.held} render(s) held by the plan’s limit</span>
            )}
          </p>
        </div>
        <span className="spacer" />
        <CampaignActions campaign={c} />
      </div>
      <ExampleCampaignNote campaign={c} />
      <OutdatedVideosBanner campaign={c} />
      <CampaignProgressCard campaignId={id} />
      <div className="tabs" role="tablist" aria-label="Campaign">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            className={tab === t.id ? "tab active" : "tab"}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <CampaignTab tab={tab} campaign={c} />
    </div>
  );
}

function CampaignTab({ tab, campaign }: { tab: Tab; campaign: Campaign }) {
  switch (tab) {
    case "landing":
      return (
        <section className="card" aria-label="Landing page settings">
          <LandingSettingsForm campaign={campaign} />
        </section>
      );
    case "video":
      return (
        <>
          <section className="card" aria-label="Campaign facecam">
            <CampaignFacecamForm campaign={campaign} />
          </section>
          <section className="card" aria-label="Video settings">
            <VideoSettingsForm campaign={campaign} />
          </section>
        </>
      );
    case "scenes":
      return <ScenesTab campaign={campaign} />;
    case "analytics":
      return <CampaignAnalytics campaignId={campaign.id} />;
    case "sites":
      return <SiteChecksSheet campaignId={campaign.id} />;
    default:
      return <LeadsTab campaignId={campaign.id} />;
  }
}

function ScenesTab({ campaign }: { campaign: Campaign }) {
  const leads = useLeads(campaign.id);
  return (
    <div className="stack">
      <section className="card" aria-label="Scenes">
        <ScenesForm campaign={campaign} />
      </section>
      <section className="card" aria-label="Scene preview">
        {leads.isPending ? (
          <p className="muted">Loading leads…</p>
        ) : leads.isError ? (
          <ErrorMessage error={leads.error} />
        ) : (
          <ScenePreview scenes={campaign.spec.scenes} leads={leads.data} />
        )}
      </section>
    </div>
  );
}

function LeadsTab({ campaignId }: { campaignId: string }) {
  const leads = useLeads(campaignId);
  const enqueue = useEnqueueRenders(campaignId);
  const secondsEach = useVideoSeconds(useCampaign(campaignId).data);
  const [watching, setWatching] = useState<Lead | null>(null);
  const [showImport, setShowImport] = useState(false);
  /** The lead being edited, "new" while adding one by hand, null otherwise. */
  const [editing, setEditing] = useState<Lead | "new" | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);

  const list = leads.data ?? [];
  // Leads excluded on the contact sheet stay out of "Render all".
  const renderable = list.filter(
    (l) => !l.excluded && (!l.render || l.render.state === "failed" || l.render.state === "cancelled"),
  );
  const importOpen = showImport || (leads.isSuccess && list.length === 0);
  const fieldNames = [...new Set(list.flatMap((l) => Object.keys(l.fields)))];
  // Ticked leads render again whatever their last video (a re-render after a scene change); only those
  // already queued or rendering are left out.
  const selectedRenderable = list.filter((l) => selected.has(l.id) && !isRenderPending(l));

  return (
    <div className="stack">
      <div className="row">
        <button
          type="button"
          className="btn secondary"
          onClick={() => setShowImport(!importOpen)}
          aria-expanded={importOpen}
        >
          {importOpen ? "Hide import" : "Import CSV"}
        </button>
        <button type="button" className="btn secondary" onClick={() => setEditing("new")}>
          Add one lead
        </button>
        <span className="spacer" />
        {selected.size > 0 && (
          <button
            type="button"
            className="btn secondary"
            disabled={selectedRenderable.length === 0 || enqueue.isPending}
            onClick={() =>
              enqueue.mutate(
                selectedRenderable.map((l) => l.id),
                { onSuccess: () => setSelected(new Set()) },
              )
            }
          >
            Render selected ({selectedRenderable.length})
          </button>
        )}
        <button
          type="button"
          className="btn"
          disabled={(renderable.length === 0 && !leads.hasNextPage) || enqueue.isPending}
          onClick={() => enqueue.mutate(undefined)}
        >
          {enqueue.isPending
            ? "Queueing…"
            : `Render all${renderable.length && !leads.hasNextPage ? ` (${renderable.length})` : ""}`}
        </button>
      </div>
      <RenderLimitNotice
        count={selected.size > 0 ? selectedRenderable.length : renderable.length}
        secondsEach={secondsEach}
      />
      <ErrorMessage error={enqueue.error} />
      {notice && (
        <div className="alert ok" role="status">
          {notice}
        </div>
      )}
      {importOpen && (
        <section className="card" aria-label="Add leads">
          <LeadImport
            campaignId={campaignId}
            onAdded={(count) => {
              setNotice(
                `Added ${count} lead${count === 1 ? "" : "s"}. Press “Render all” to make their videos.`,
              );
              setShowImport(false);
            }}
          />
        </section>
      )}
      {editing && (
        <LeadForm
          key={editing === "new" ? "new" : editing.id}
          campaignId={campaignId}
          lead={editing === "new" ? undefined : editing}
          fieldNames={fieldNames}
          onDone={() => setEditing(null)}
        />
      )}
      {watching?.render && (
        <RenderPlayer
          renderId={watching.render.id}
          title={leadTitle(watching.fields)}
          previewHref={previewHref(watching.id)}
          onClose={() => setWatching(null)}
        />
      )}
      <section className="card" aria-label="Leads">
        <h2 className="section-title">Leads</h2>
        <ErrorMessage error={leads.error} />
        {leads.isPending ? (
          <p className="muted">Loading leads…</p>
        ) : (
          <LeadsTable
            campaignId={campaignId}
            leads={list}
            selected={selected}
            onSelect={setSelected}
            onEdit={setEditing}
            onWatch={setWatching}
          />
        )}
        {leads.hasNextPage && (
          <button
            type="button"
            className="btn secondary small"
            disabled={leads.isFetchingNextPage}
            onClick={() => leads.fetchNextPage()}
          >
            {leads.isFetchingNextPage ? "Loading…" : `Show more leads (${list.length} shown)`}
          </button>
        )}
        {list.some(isRenderPending) && <p className="hint">Updates every 2 s while videos render.</p>}
      </section>
    </div>
  );
}
