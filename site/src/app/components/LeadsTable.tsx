import { useCancelRender, useEnqueueRenders, useProgress } from "../api/queries";
import type { Lead } from "../api/schema";
import { ErrorMessage } from "./ErrorMessage";
import { LeadRow } from "./LeadRow";

interface Props {
  campaignId: string;
  leads: Lead[];
  workspaceSlug?: string;
  selected: Set<string>;
  onSelect: (ids: Set<string>) => void;
  onEdit: (lead: Lead) => void;
  onWatch: (lead: Lead) => void;
}

export function LeadsTable({ campaignId, leads, workspaceSlug, selected, onSelect, onEdit, onWatch }: Props) {
  const cancel = useCancelRender(campaignId);
  const enqueue = useEnqueueRenders(campaignId);
  const progress = useProgress(campaignId);
  const etas = new Map(progress.data?.pending.map((p) => [p.leadId, p.etaMs]));

  if (leads.length === 0) {
    return <p className="empty">No leads yet. Add some with “Add leads” above.</p>;
  }
  return (
    <>
      <ErrorMessage error={cancel.error ?? enqueue.error} />
      <div className="table-wrap">
        <table aria-label="Leads">
          <thead>
            <tr>
              <th scope="col">
                <input
                  type="checkbox"
                  aria-label="Select all leads"
                  checked={leads.every((l) => selected.has(l.id))}
                  onChange={(e) =>
                    onSelect(e.currentTarget.checked ? new Set(leads.map((l) => l.id)) : new Set())
                  }
                />
              </th>
              <th scope="col">Lead</th>
              <th scope="col">Website</th>
              <th scope="col">Render</th>
              <th scope="col">Progress</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {leads.map((lead) => (
              <LeadRow
                key={lead.id}
                lead={lead}
                campaignId={campaignId}
                workspaceSlug={workspaceSlug}
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
          </tbody>
        </table>
      </div>
    </>
  );
}
