import type { Branding, LandingSettings, PlanId, RenderArtifacts, RenderState } from "@loom-lite/schema";
import { campaigns, leads, renders, workspaceBilling, workspaces } from "@loom-lite/schema/db";
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../lib/db";
import type { MediaLocation } from "../services/artifacts";
import { isVideo } from "../services/job-kinds";
import { RESERVED_SLUGS } from "../services/workspaces";

/**
 * The workspace slug when `host` is `<slug>.<domain>` (any port), else null. Reserved labels such
 * as `app.` and `www.` belong to the platform itself, not to a workspace.
 */
export function landingHostSlug(host: string | undefined, domain: string): string | null {
  if (!host) return null;
  const name = host.toLowerCase().replace(/:\d+$/, "").replace(/\.$/, "");
  const suffix = `.${domain.toLowerCase()}`;
  if (!name.endsWith(suffix)) return null;
  const label = name.slice(0, -suffix.length);
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(label) || RESERVED_SLUGS.has(label)) return null;
  return label;
}

/**
 * The public address of a lead's landing page on `<workspace>.<landingDomain>`, on the same scheme and
 * port as `requestUrl`.
 */
export function landingUrl(
  requestUrl: string,
  landingDomain: string,
  workspaceSlug: string,
  leadSlug: string,
): string {
  const url = new URL(requestUrl);
  const port = url.port ? `:${url.port}` : "";
  return `${url.protocol}//${workspaceSlug}.${landingDomain}${port}/${encodeURIComponent(leadSlug)}`;
}

/** Logo and colors of a landing page: the campaign's choice, else the workspace's branding. */
export interface LandingLook {
  logoAssetId?: string;
  primaryColor?: string;
  backgroundColor?: string;
}

/** The campaign's look where it chose one, else the workspace's branding. */
export function landingLook(landing: LandingSettings, branding: Branding): LandingLook {
  return {
    logoAssetId: landing.logoAssetId ?? branding.logoAssetId,
    primaryColor: landing.primaryColor ?? branding.primaryColor,
    backgroundColor: landing.backgroundColor ?? branding.backgroundColor,
  };
}

export interface LandingLead {
  workspaceId: string;
  campaignId: string;
  leadId: string;
  workspaceName: string;
  /** The workspace's stored plan and trial end (ISO; the lead is cached as JSON): Free pages carry the Loom-Lite mark. */
  plan: PlanId;
  trialEndsAt: string | null;
  look: LandingLook;
  fields: Record<string, string>;
  landing: LandingSettings;
  /** State of the newest render; null when none was ever started. */
  latestState: RenderState | null;
  /** Artifacts of the newest finished render, if any. */
  artifacts: RenderArtifacts | null;
  /** Where those artifacts live (R2 through the edge, or Bunny's CDN). */
  media: MediaLocation | null;
}

/** Everything a landing page shows, found by workspace slug and lead slug; null when either is unknown. */
export async function findLandingLead(
  db: Db,
  workspaceSlug: string,
  leadSlug: string,
): Promise<LandingLead | null> {
  const [lead] = await db
    .select({
      id: leads.id,
      workspaceId: leads.workspaceId,
      campaignId: leads.campaignId,
      fields: leads.fields,
      landing: campaigns.landing,
      workspaceName: workspaces.name,
      branding: workspaces.branding,
      plan: workspaces.plan,
      trialEndsAt: workspaceBilling.trialEndsAt,
    })
    .from(leads)
    .innerJoin(workspaces, eq(workspaces.id, leads.workspaceId))
    .leftJoin(workspaceBilling, eq(workspaceBilling.workspaceId, leads.workspaceId))
    .innerJoin(campaigns, eq(campaigns.id, leads.campaignId))
    .where(and(eq(workspaces.slug, workspaceSlug), eq(leads.slug, leadSlug)));
  if (!lead) return null;

  const byNewest = [desc(renders.createdAt), desc(renders.id)];
  // The lead's videos only: a pre-flight check's first frame is never a landing page's video.
  const scope = and(eq(renders.leadId, lead.id), eq(renders.workspaceId, lead.workspaceId), isVideo);
  const [latest] = await db
    .select({ state: renders.state })
    .from(renders)
    .where(scope)
    .orderBy(...byNewest)
    .limit(1);
  const [done] = await db
    .select({ artifacts: renders.artifacts, storage: renders.storage, cdnBaseUrl: renders.cdnBaseUrl })
    .from(renders)
    .where(and(scope, eq(renders.state, "done")))
    .orderBy(...byNewest)
    .limit(1);
  const landing = lead.landing ?? {};
  const branding = lead.branding ?? {};
  return {
    workspaceId: lead.workspaceId,
    campaignId: lead.campaignId,
    leadId: lead.id,
    workspaceName: lead.workspaceName,
    plan: lead.plan as PlanId,
    trialEndsAt: lead.trialEndsAt?.toISOString() ?? null,
    look: landingLook(landing, branding),
    fields: lead.fields,
    landing,
    latestState: latest?.state ?? null,
    artifacts: done?.artifacts ?? null,
    media: done ? { storage: done.storage, cdnBaseUrl: done.cdnBaseUrl } : null,
  };
}
