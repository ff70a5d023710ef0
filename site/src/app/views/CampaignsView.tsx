import { useCampaigns } from "../api/queries";
import { ErrorMessage } from "../components/ErrorMessage";
import { href } from "../lib/router";

export function CampaignsView() {
  const campaigns = useCampaigns();
  return (
    <div className="stack">
      <div className="row page-head">
        <h1>Campaigns</h1>
        <span className="spacer" />
        <a className="btn" href={href({ view: "campaign-new" })}>
          New campaign
        </a>
      </div>
      <ErrorMessage error={campaigns.error} />
      {campaigns.isPending ? (
        <p className="muted">Loading campaigns…</p>
      ) : campaigns.data && campaigns.data.length > 0 ? (
        <ul className="campaign-list">
          {campaigns.data.map((c) => (
            <li key={c.id}>
              <a className="card campaign-card" href={href({ view: "campaign", id: c.id })}>
                <strong>{c.name}</strong>
                <span className="hint">
                  {c.spec.scenes.length} scene{c.spec.scenes.length === 1 ? "" : "s"} · created{" "}
                  {new Date(c.createdAt).toLocaleDateString()}
                </span>
                <span className="badge">{c.status}</span>
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <div className="card empty">
          <p>No campaigns yet.</p>
          <a className="btn" href={href({ view: "campaign-new" })}>
            Create your first campaign
          </a>
        </div>
      )}
    </div>
  );
}
