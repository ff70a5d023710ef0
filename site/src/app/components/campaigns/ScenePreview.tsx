import { mergeFieldNames, renderMergeFields, type Scene } from "@loom-lite/schema";
import { useState } from "react";
import type { Lead } from "../../api/schema";
import { leadTitle } from "../../lib/landing";
import { SampleLeadPicker } from "./SampleLeadPicker";
import { SceneFrame } from "./SceneFrame";

/**
 * Each saved scene as it opens for a sample lead: the URL template, the URL it resolves to and a
 * picture of that page.
 *
 * Why a live frame and not a rendered picture: the edge cannot run a browser, and a finished render
 * only has one poster for the whole video, recorded with the scenes of its time (maybe not these).
 * The render node opens exactly the resolved URL, so the page loaded now, scaled to the video's 16:9
 * frame, is the most honest picture of what a scene will show. Its limit is said on screen: a site
 * that refuses to be framed stays blank here although the render's own browser records it fine. When
 * the sample lead has a finished video, its poster is shown too, labelled as from that video.
 */
export function ScenePreview({ scenes, leads }: { scenes: Scene[]; leads: Lead[] }) {
  const [sampleId, setSampleId] = useState<string | null>(null);
  const sample = leads.find((l) => l.id === sampleId) ?? leads[0];
  const known = new Set(Object.keys(sample?.fields ?? {}));
  const used = new Set(scenes.flatMap((s) => mergeFieldNames(s.url)));
  const missing = [...used].filter((f) => sample && !known.has(f));
  const poster = sample?.render?.state === "done" ? sample.render.artifacts?.["poster.jpg"] : undefined;

  return (
    <div className="stack">
      <h2 className="section-title">Preview</h2>
      {sample ? (
        <SampleLeadPicker leads={leads} value={sample.id} onChange={setSampleId} />
      ) : (
        <div className="empty">Add a lead to preview each scene with its own website.</div>
      )}
      <p className="hint">
        Merge fields:{" "}
        {[...(known.size ? known : new Set(["website", "first_name", "company"]))].map((f) => (
          <code key={f} className="chip">{`{{${f}}}`}</code>
        ))}
      </p>
      {missing.length > 0 && (
        <div className="alert error" role="alert">
          The scenes use {missing.map((f) => `{{${f}}}`).join(", ")}, which {leadTitle(sample?.fields ?? {})}{" "}
          does not have; the fallback after the bar (or nothing) is used.
        </div>
      )}
      <ol className="scene-list" aria-label="Scene previews">
        {scenes.map((scene, i) => {
          const resolved = sample ? renderMergeFields(scene.url, sample.fields) : null;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: scenes are identified by their position
            <li key={i} className="scene-preview" aria-label={`Scene ${i + 1} preview`}>
              <div>
                <strong>Scene {i + 1}</strong> <code>{scene.url}</code>
                {scene.seconds ? <span className="hint"> · {scene.seconds} s</span> : null}
              </div>
              {sample && resolved !== null && (
                <>
                  <div className="hint">
                    for {leadTitle(sample.fields)}: <span className="mono resolved-url">{resolved}</span>
                  </div>
                  <SceneFrame
                    key={resolved}
                    url={resolved}
                    title={`Scene ${i + 1} for ${leadTitle(sample.fields)}`}
                  />
                </>
              )}
            </li>
          );
        })}
      </ol>
      {poster && sample && (
        <figure className="scene-poster">
          <img src={poster} alt={`Poster of ${leadTitle(sample.fields)}'s last video`} />
          <figcaption className="hint">
            Poster of {leadTitle(sample.fields)}'s last video, recorded with the scenes of that time.
          </figcaption>
        </figure>
      )}
    </div>
  );
}
