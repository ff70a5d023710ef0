import { useId } from "react";
import type { Lead } from "../../api/schema";
import { leadTitle } from "../../lib/landing";

/** Which lead the scene preview fills the merge fields from. */
export function SampleLeadPicker(props: { leads: Lead[]; value: string; onChange: (id: string) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Sample lead</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        {props.leads.map((l) => (
          <option key={l.id} value={l.id}>
            {leadTitle(l.fields)}
            {l.fields.website ? ` (${l.fields.website})` : ""}
          </option>
        ))}
      </select>
    </div>
  );
}
