import { useState } from "react";
import { useCampaigns, useMe } from "../api/queries";
import type { CampaignStatus } from "../api/schema";
import { ActionButton } from "../components/ActionButton";
import { BulkBar } from "../components/campaigns/BulkBar";
import { CampaignRow } from "../components/campaigns/CampaignRow";
import { FirstRunChecklist } from "../components/campaigns/FirstRunChecklist";
import { OpenExampleButton } from "../components/campaigns/OpenExampleButton";
import { QueryState } from "../components/QueryState";
import { DataTable, selectAllColumn } from "../components/table/DataTable";
import { href } from "../lib/router";
import { useDebounced } from "../lib/use-debounced";

const STATUSES: (CampaignStatus | "")[] = ["", "draft", "active", "archived"];

export function CampaignsView() {
  const [q, setQ] = useState("");
  const [status, setStatus] = useState<CampaignStatus | "">("");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const campaigns = useCampaigns(useDebounced(q.trim(), 150), status);
  const filtering = q.trim() !== "" || status !== "";
  const workspaceId = useMe(true).data?.workspace.id;

  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <div className="stack">
      <div className="row page-head">
        <h1>Campaigns</h1>
        <span className="spacer" />
        <a className="btn" href={href({ view: "campaign-new" })}>
          New campaign
        </a>
      </div>
      <div className="row filters">
        <input
          type="search"
          className="grow"
          placeholder="Search campaigns by name"
          aria-label="Search campaigns"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
        />
        <select
          aria-label="Status"
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value as CampaignStatus | "")}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s === "" ? "All statuses" : s}
            </option>
          ))}
        </select>
      </div>
      {workspaceId && campaigns.data && !filtering && (
        <FirstRunChecklist workspaceId={workspaceId} campaigns={campaigns.data.campaigns} />
      )}
      {selected.size > 0 && <BulkBar ids={[...selected]} onDone={() => setSelected(new Set())} />}
      <QueryState
        query={campaigns}
        what="campaigns"
        isEmpty={(page) => page.campaigns.length === 0}
        empty={
          filtering ? (
            <p>No campaign matches.</p>
          ) : (
            <>
              <p>No campaigns yet.</p>
              <p className="hint">
                A campaign is one facecam and a few scenes; each lead you add to it gets its own video.
              </p>
              <div className="row">
                <a className="btn" href={href({ view: "campaign-new" })}>
                  Create your first campaign
                </a>
                <OpenExampleButton />
              </div>
            </>
          )
        }
      >
        {(page) => (
          <DataTable
            label="Campaigns"
            className="card"
            caption={
              <>
                {page.total} campaign{page.total === 1 ? "" : "s"}
                {page.campaigns.length < page.total ? `, first ${page.campaigns.length} shown` : ""}
              </>
            }
            columns={[
              selectAllColumn({
                label: "Select all",
                ids: page.campaigns.map((c) => c.id),
                selected,
                onSelect: setSelected,
              }),
              "Campaign",
              "Status",
              "Leads",
              "Rendered",
              "Failed",
              "Views",
              "Minutes used",
            ]}
            footer={
              campaigns.hasNextPage && (
                <ActionButton
                  pending={campaigns.isFetchingNextPage}
                  pendingLabel="Loading…"
                  onClick={() => campaigns.fetchNextPage()}
                >
                  Show more campaigns
                </ActionButton>
              )
            }
          >
            {page.campaigns.map((c) => (
              <CampaignRow
                key={c.id}
                campaign={c}
                selected={selected.has(c.id)}
                onToggle={() => toggle(c.id)}
              />
            ))}
          </DataTable>
        )}
      </QueryState>
    </div>
  );
}
