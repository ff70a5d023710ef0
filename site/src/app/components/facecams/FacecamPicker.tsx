import { useState } from "react";
import { useRefreshFacecams } from "../../api/facecam-queries";
import type { Asset } from "../../api/schema";
import { FacecamUpload } from "../FacecamUpload";
import { FacecamLibrary, facecamTitle } from "./FacecamLibrary";
import { FacecamRecorder } from "./FacecamRecorder";

const SOURCES = [
  { id: "upload", label: "Upload a file" },
  { id: "record", label: "Record" },
  { id: "library", label: "From the library" },
] as const;
type Source = (typeof SOURCES)[number]["id"];

interface Props {
  /** The facecam the campaign renders with, once one is uploaded, recorded or picked. */
  value: Pick<Asset, "id" | "name"> | null;
  onChange: (facecam: Asset | null) => void;
}

/**
 * A campaign's facecam, from any of three places: a file uploaded (as before), a recording made here,
 * or a facecam of the library (so one recording serves many campaigns). Each new one joins the library.
 */
export function FacecamPicker({ value, onChange }: Props) {
  const [source, setSource] = useState<Source>("upload");
  const refresh = useRefreshFacecams();
  const chosen = (asset: Asset | null) => {
    onChange(asset);
    if (asset) refresh();
  };
  return (
    <section className="field stack" aria-label="Facecam">
      <div className="tabs" role="tablist" aria-label="Where the facecam comes from">
        {SOURCES.map((s) => (
          <button
            key={s.id}
            type="button"
            role="tab"
            aria-selected={source === s.id}
            className={`tab${source === s.id ? " active" : ""}`}
            onClick={() => setSource(s.id)}
          >
            {s.label}
          </button>
        ))}
      </div>
      {source === "upload" && <FacecamUpload onUploaded={chosen} />}
      {source === "record" && (
        <FacecamRecorder
          onSaved={(asset) => {
            chosen(asset);
            setSource("library");
          }}
        />
      )}
      {source === "library" && <FacecamLibrary pickedId={value?.id} onPick={chosen} />}
      {value && (
        <span className="hint" role="status">
          Facecam: {facecamTitle(value)}
        </span>
      )}
    </section>
  );
}
