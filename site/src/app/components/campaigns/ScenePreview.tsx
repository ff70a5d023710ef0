import { mergeFieldNames, renderMergeFields } from "@loom-lite/schema";
import type { Campaign, Lead } from "../../api/types";
import { leadTitle } from "../../lib/landing";

/** Each scene's URL as written and as it opens for a sample lead, with the merge fields it can use. */
export function ScenePreview({ campaign, sample }: { campaign: Campaign; sample: Lead | undefined }) {
  const known = new Set(Object.keys(sample?.fields ?? {}));
  const used = new Set(campaign.spec.scenes.flatMap((s) => mergeFieldNames(s.url)));
  const missing = [...used].filter((f) => sample && !known.has(f));
  return (
    <div className="stack">
      <p className="hint">
        Merge fields:{" "}
        {[...(known.size ? known : new Set(["website", "first_name", "company"]))].map((f) => (
          <code key={f} className="chip">{`{{${f}}}`}</code>
        ))}
      </p>
      {missing.length > 0 && (
        <div className="alert error" role="alert">
          The scenes use {missing.map((f) => `{{${f}}}`).join(", ")}, which the leads do not have.
        </div>
      )}
      <ol className="scene-list">
        {campaign.spec.scenes.map((scene, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: scenes are identified by their position
          <li key={i}>
            <code>{scene.url}</code>
            {scene.seconds ? <span className="hint"> · {scene.seconds} s</span> : null}
            {sample && (
              <div className="hint">
                for {leadTitle(sample.fields)}:{" "}
                <span className="mono">{renderMergeFields(scene.url, sample.fields)}</span>
              </div>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
