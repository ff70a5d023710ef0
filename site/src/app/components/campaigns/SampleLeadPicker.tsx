import type { Lead } from "../../api/schema";
import { leadTitle } from "../../lib/landing";
import { SelectField } from "../form/SelectField";

/** Which lead the scene preview fills the merge fields from. */
export function SampleLeadPicker(props: { leads: Lead[]; value: string; onChange: (id: string) => void }) {
  return (
    <SelectField label="Sample lead" value={props.value} onChange={props.onChange}>
      {props.leads.map((l) => (
        <option key={l.id} value={l.id}>
          {leadTitle(l.fields)}
          {l.fields.website ? ` (${l.fields.website})` : ""}
        </option>
      ))}
    </SelectField>
  );
}
