import type { LandingSettings, PlanId } from "@loom-lite/schema";
import { leads, workspaceBilling, workspaces } from "@loom-lite/schema/db";
import { and, asc, eq } from "drizzle-orm";
import { ApiError } from "../errors";
import { type LandingLead, landingLook } from "../landing/leads";
import { checkLandingImages, getCampaignRow } from "./campaigns";
import type { WorkspaceScope } from "./workspace-scope";

/** Who the preview greets when the campaign has no leads yet. */
const SAMPLE_FIELDS: Record<string, string> = {
  first_name: "Alex",
  last_name: "Sample",
  company: "Example Co",
  website: "https://example.com",
};

/**
 * The lead a campaign's landing page is previewed for, with `landing` (unsaved settings from the
 * editor) in place of the stored ones: the chosen lead, else the campaign's first, else a sample.
 * Everything is read within the caller's workspace; the images the settings name must be its own.
 */
export async function previewLandingLead(
  ws: WorkspaceScope,
  campaignId: string,
  landing: LandingSettings,
  leadId?: string,
): Promise<LandingLead> {
  const { db, workspaceId } = ws;
  const campaign = await getCampaignRow(db, workspaceId, campaignId);
  await checkLandingImages(db, workspaceId, landing);
  const [lead] = await db
    .select({ id: leads.id, fields: leads.fields })
    .from(leads)
    .where(
      and(
        eq(leads.workspaceId, workspaceId),
        eq(leads.campaignId, campaign.id),
        leadId ? eq(leads.id, leadId) : undefined,
      ),
    )
    .orderBy(asc(leads.createdAt), asc(leads.id))
    .limit(1);
  if (leadId && !lead) {
    throw new ApiError("NOT_FOUND", `Lead ${leadId} is not a lead of campaign ${campaignId}`);
  }
  const [workspace] = await db
    .select({
      name: workspaces.name,
      branding: workspaces.branding,
      plan: workspaces.plan,
      trialEndsAt: workspaceBilling.trialEndsAt,
    })
    .from(workspaces)
    .leftJoin(workspaceBilling, eq(workspaceBilling.workspaceId, workspaces.id))
    .where(eq(workspaces.id, workspaceId));
  if (!workspace) throw new ApiError("NOT_FOUND", `Workspace ${workspaceId} does not exist`);
  return {
    workspaceId,
    campaignId: campaign.id,
    leadId: lead?.id ?? "ld_preview",
    workspaceName: workspace.name,
    plan: workspace.plan as PlanId,
    trialEndsAt: workspace.trialEndsAt?.toISOString() ?? null,
    look: landingLook(landing, workspace.branding ?? {}),
    fields: lead?.fields ?? SAMPLE_FIELDS,
    landing,
    latestState: null,
    artifacts: null,
    media: null,
  };
}
