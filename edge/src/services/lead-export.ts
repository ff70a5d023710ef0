import type { FallbackScene, MediaStorage, RenderArtifacts } from "@loom-lite/schema";
import { sql } from "drizzle-orm";
import Papa from "papaparse";
import { cdnUrl } from "./artifacts";
import { getCampaignRow } from "./campaigns";
import type { WorkspaceScope } from "./workspace-scope";

/** Columns added after the lead's own fields, named the way outreach tools show merge variables. */
export const EXPORT_COLUMNS = [
  "landingUrl",
  "videoUrl",
  "thumbnailUrl",
  "gifUrl",
  "renderStatus",
  "videoNote",
] as const;

const LEADING_FIELDS = ["first_name", "last_name", "name", "email", "company", "title", "website"];
const PAGE = 1000;
/** Bounded: 1000 pages of 1000 leads is far beyond any campaign the import allows to build. */
const MAX_PAGES = 1000;

type ExportRow = {
  id: string;
  slug: string;
  fields: Record<string, string>;
  latest_state: string | null;
  artifacts: RenderArtifacts | null;
  fallbacks: FallbackScene[] | null;
  storage: MediaStorage | null;
  cdn_base_url: string | null;
};

/**
 * The campaign's leads as CSV for Lemlist, Instantly or Smartlead: every field of the leads (names and
 * company first), then the public landing page and media addresses of each lead's newest
 * finished video, the state of its newest render, and a note when the video is of the fallback page
 * or the render failed. Media columns stay empty for leads without a video (and `gifUrl` for videos
 * rendered without a GIF); a lead whose render failed gets no landing link, nor does a fallback video
 * when the campaign holds those back (`fallbackVideos: "hold"`).
 */
export async function exportLeadsCsv(
  ws: WorkspaceScope,
  campaignId: string,
  landingUrlOf: (leadSlug: string) => string,
): Promise<{ csv: string; campaignName: string; rows: number }> {
  const { db, workspaceId } = ws;
  const campaign = await getCampaignRow(db, workspaceId, campaignId);
  const rows: ExportRow[] = [];
  let after: { createdAt: string; id: string } | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const cursor: { createdAt: string; id: string } | null = after;
    const result: { rows: Array<ExportRow & { created_at: string }> } = await db.execute(sql`
      SELECT l.id, l.slug, l.fields, l.created_at::text AS created_at, latest.state AS latest_state,
             done.artifacts, done.fallbacks, done.storage, done.cdn_base_url
      FROM leads l
      LEFT JOIN LATERAL (
        SELECT r.state FROM renders r WHERE r.lead_id = l.id AND r.kind = 'video' ORDER BY r.created_at DESC, r.id DESC LIMIT 1
      ) latest ON true
      LEFT JOIN LATERAL (
        SELECT r.artifacts, r.fallbacks, r.storage, r.cdn_base_url FROM renders r WHERE r.lead_id = l.id AND r.kind = 'video' AND r.state = 'done'
        ORDER BY r.created_at DESC, r.id DESC LIMIT 1
      ) done ON true
      WHERE l.workspace_id = ${workspaceId} AND l.campaign_id = ${campaignId}
        ${cursor ? sql`AND (l.created_at, l.id) > (${cursor.createdAt}::timestamptz, ${cursor.id})` : sql``}
      ORDER BY l.created_at, l.id
      LIMIT ${PAGE}`);
    rows.push(...result.rows);
    const last: (ExportRow & { created_at: string }) | undefined = result.rows[result.rows.length - 1];
    if (!last || result.rows.length < PAGE) break;
    after = { createdAt: last.created_at, id: last.id };
  }

  const present = new Set(rows.flatMap((row) => Object.keys(row.fields)));
  const reserved = new Set<string>(EXPORT_COLUMNS);
  // PostgreSQL keeps jsonb keys in its own order, so common fields lead and the rest follow by name.
  const fieldColumns = [
    ...LEADING_FIELDS.filter((f) => present.has(f)),
    ...[...present].filter((f) => !LEADING_FIELDS.includes(f) && !reserved.has(f)).sort(),
  ];
  const holdFallbacks = campaign.spec.fallbackVideos === "hold";
  const data = rows.map((row) => {
    const landing = landingUrlOf(row.slug);
    const fallback = (row.fallbacks ?? []).length > 0;
    const held = fallback && holdFallbacks;
    // A lead whose render failed has no page worth sending; a held fallback video is the rep's call.
    const linked = !held && !(row.latest_state === "failed" && !row.artifacts);
    const where = row.storage ? { storage: row.storage, cdnBaseUrl: row.cdn_base_url } : null;
    const media = (name: keyof RenderArtifacts) =>
      linked && row.artifacts?.[name]
        ? (cdnUrl(where, name, row.artifacts[name]) ?? `${landing}/${name}`)
        : "";
    return [
      ...fieldColumns.map((c) => row.fields[c] ?? ""),
      linked ? landing : "",
      media("video.mp4"),
      media("poster.jpg"),
      media("preview.gif"),
      row.latest_state ?? "not rendered",
      videoNote(row, held),
    ];
  });
  // escapeFormulae: a cell starting with = + - @ would run as a formula when opened in a spreadsheet.
  const csv = Papa.unparse(
    { fields: [...fieldColumns, ...EXPORT_COLUMNS], data },
    { escapeFormulae: true, newline: "\r\n" },
  );
  return { csv: `${csv}\r\n`, campaignName: campaign.name, rows: rows.length };
}

/** Why a lead's row is not an ordinary video of its own site, in the rep's words; empty when it is. */
function videoNote(row: ExportRow, held: boolean): string {
  const fallbacks = row.fallbacks ?? [];
  if (fallbacks.length > 0) {
    const why = fallbacks.map((f) => `scene ${f.scene}: ${f.url} could not be used (${f.reason})`).join("; ");
    const note = `Fallback page filmed instead of the lead's site: ${why}.`;
    return held ? `${note} Links held back by the campaign's setting.` : note;
  }
  if (row.latest_state === "failed" && !row.artifacts)
    return "The render failed: no video, so no landing link.";
  return "";
}
