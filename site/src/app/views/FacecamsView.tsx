import { FacecamLibrary } from "../components/facecams/FacecamLibrary";
import { FacecamPicker } from "../components/facecams/FacecamPicker";

/** The facecam library: every recording and upload of the workspace, and a way to add one. */
export function FacecamsView() {
  return (
    <div className="stack">
      <div className="row page-head">
        <h1>Facecams</h1>
      </div>
      <p className="muted">
        One facecam can serve many campaigns: pick it in a campaign's form. A facecam that campaigns still use
        cannot be deleted; the list says which ones.
      </p>
      <section className="card stack" aria-label="Add a facecam">
        <h2>Add a facecam</h2>
        <FacecamPicker value={null} onChange={() => {}} />
      </section>
      <section className="card stack" aria-label="Library">
        <h2>Library</h2>
        <FacecamLibrary />
      </section>
    </div>
  );
}
