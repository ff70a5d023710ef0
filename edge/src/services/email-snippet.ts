import { html } from "hono/html";
import { findLandingLead } from "../landing/leads";
import { cdnUrl } from "./artifacts";
import { getLeadRow } from "./leads";
import type { WorkspaceScope } from "./workspace-scope";
import { getWorkspace } from "./workspaces";

export interface EmailSnippet {
  landingUrl: string;
  /** The animated GIF when the render made one, else the poster; null before a video exists. */
  imageUrl: string | null;
  /** Paste into an email: the image linking to the page, alt text with the lead's name. */
  html: string;
  /** For plain-text emails. */
  text: string;
}

/**
 * The email-ready block for one lead: a GIF (or poster) that links to the landing page. Mail clients
 * strip video and scripts; an image with a link is what every client shows.
 */
export async function emailSnippet(
  ws: WorkspaceScope,
  leadId: string,
  landingUrlOf: (leadSlug: string) => string,
): Promise<EmailSnippet> {
  const { db, workspaceId } = ws;
  const lead = await getLeadRow(db, workspaceId, leadId);
  const workspace = await getWorkspace(db, workspaceId);
  const page = await findLandingLead(db, workspace.slug, lead.slug);
  const landingUrl = landingUrlOf(lead.slug);
  const artifacts = page?.artifacts ?? null;
  const image = artifacts?.["preview.gif"] ? "preview.gif" : artifacts?.["poster.jpg"] ? "poster.jpg" : null;
  const imageUrl = image
    ? (cdnUrl(page?.media, image, artifacts?.[image]) ?? `${landingUrl}/${image}`)
    : null;
  const name = lead.fields.first_name || lead.fields.name || lead.fields.company || "you";
  const alt = `A video for ${name} from ${workspace.name}: click to watch`;
  const link = `Watch the video I made for ${name}`;
  const block = imageUrl
    ? html`<a href="${landingUrl}" target="_blank"><img src="${imageUrl}" alt="${alt}" width="480" style="display:block;max-width:100%;height:auto;border:0;border-radius:8px" /></a>
<p><a href="${landingUrl}" target="_blank">${link}</a></p>`
    : html`<p><a href="${landingUrl}" target="_blank">${link}</a></p>`;
  return { landingUrl, imageUrl, html: String(await block), text: `${link}: ${landingUrl}` };
}
