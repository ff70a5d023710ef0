import { useCancelRender, useEnqueueRenders, useProgress } from "../api/queries";
import type { Lead } from "../api/schema";
import { ErrorMessage } from "./ErrorMessage";
import { LeadRow } from "./LeadRow";
import { ACTIONS_COLUMN, DataTable, selectAllColumn } from "./table/DataTable";

interface Props {
  campaignId: string;
  leads: Lead[];
  selected: Set<string>;
  onSelect: (ids: Set<string>) => void;
  onEdit: (lead: Lead) => void;
  onWatch: (lead: Lead) => void;
}

export function LeadsTable({ campaignId, leads, selected, onSelect, onEdit, onWatch }: Props) {
  const cancel = useCancelRender(campaignId);
  const enqueue = useEnqueueRenders(campaignId);
  const progress = useProgress(campaignId);
  const etas = new Map(progress.data?.pending.map((p) => [p.leadId, p.etaMs]));

  if (leads.length === 0) {
    return (
      <p className="empty">
        No leads yet. Import a CSV with the form above, or press “Add one lead”: each lead gets its own video.
      </p>
    );
  }
  return (
    <>
      <ErrorMessage error={cancel.error ?? enqueue.error} />
      <DataTable
        label="Leads"
        className="leads-table"
        columns={[
          selectAllColumn({ label: "Select all leads", ids: leads.map((l) => l.id), selected, onSelect }),
          "Lead",
          "Website",
          "Render",
          "Progress",
          ACTIONS_COLUMN,
        ]}
      >
        {leads.map((lead) => (
          <LeadRow
            key={lead.id}
            lead={lead}
            campaignId={campaignId}
            etaMs={etas.get(lead.id)}
            busy={(cancel.isPending && cancel.variables === lead.render?.id) || enqueue.isPending}
            selected={selected.has(lead.id)}
            onToggle={() => {
              const next = new Set(selected);
              if (!next.delete(lead.id)) next.add(lead.id);
              onSelect(next);
            }}
            onEdit={() => onEdit(lead)}
            onWatch={() => onWatch(lead)}
            onCancel={() => lead.render && cancel.mutate(lead.render.id)}
            onRender={() => enqueue.mutate([lead.id])}
          />
        ))}
      </DataTable>
    </>
  );
}
