import { useState } from "react";
import { useFacecams } from "../../api/facecam-queries";
import { useUpdateCampaign } from "../../api/queries";
import type { Asset, Campaign } from "../../api/schema";
import { Form } from "../form/Form";
import { FormFooter } from "../form/FormFooter";
import { FacecamPicker } from "./FacecamPicker";

/** Swaps an existing campaign's facecam for a new upload, a new recording or one from the library. */
export function CampaignFacecamForm({ campaign }: { campaign: Campaign }) {
  const library = useFacecams();
  const current = library.data?.facecams.find((f) => f.id === campaign.spec.facecam);
  const [picked, setPicked] = useState<Asset | null>(null);
  const save = useUpdateCampaign(campaign.id);
  const value = picked ?? (current ? { id: current.id, name: current.name } : null);
  return (
    <Form
      className="stack"
      label="Facecam"
      onSubmit={() => {
        if (picked) save.mutate({ spec: { ...campaign.spec, facecam: picked.id } });
      }}
    >
      <h2>Facecam</h2>
      <FacecamPicker value={value} onChange={setPicked} />
      <FormFooter
        mutation={save}
        submitLabel="Save facecam"
        disabled={!picked || picked.id === campaign.spec.facecam}
        saved="Saved. Renders queued from now on use this facecam."
      />
    </Form>
  );
}
