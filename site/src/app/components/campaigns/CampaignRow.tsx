import type { Campaign } from "../../api/schema";
import { formatMinutes } from "../../lib/format";
import { href } from "../../lib/router";
import { ExampleBadge } from "./ExampleCampaign";

interface Props {
  campaign: Campaign;
  selected: boolean;
  onToggle: () => void;
}

/** One campaign with its figures: leads, rendered, failed, views, render minutes used. */
export function CampaignRow({ campaign: c, selected, onToggle }: Props) {
  const f = c.figures;
  return (
    <tr className="campaign-row">
      <td>
        <input type="checkbox" checked={selected} onChange={onToggle} aria-label={`Select ${c.name}`} />
      </td>
      <td>
        <a href={href({ view: "campaign", id: c.id })}>
          <strong>{c.name}</strong>
        </a>
        {c.example && (
          <>
            {" "}
            <ExampleBadge />
          </>
        )}
        <div className="hint">created {new Date(c.createdAt).toLocaleDateString()}</div>
      </td>
      <td>
        <span className={`badge ${c.status === "active" ? "active" : ""}`}>{c.status}</span>
      </td>
      <td className="num">{f.leads}</td>
      <td className="num">
        {f.rendered}
        {f.rendering > 0 && <span className="hint"> (+{f.rendering} rendering)</span>}
        {f.held > 0 && <span className="hint error-text"> ({f.held} held: limit)</span>}
      </td>
      <td className={`num ${f.failed > 0 ? "error-text" : ""}`}>{f.failed}</td>
      <td className="num">{f.views}</td>
      <td className="num">{formatMinutes(f.usedSeconds)}</td>
    </tr>
  );
}
