import { LandingSettingsSchema, type SceneSpecInput, SceneSpecSchema } from "@loom-lite/schema";
import { campaigns } from "@loom-lite/schema/db";
import { and, eq } from "drizzle-orm";
import { ApiError } from "../errors";
import { newId } from "../lib/ids";
import { uploadAsset } from "./assets";
import { assertKnownMergeFields } from "./campaign-columns";
import { type CampaignView, getCampaign } from "./campaigns";
import { deleteFacecam } from "./facecam-library";
import { checkLeadFields } from "./lead-fields";
import { insertLeads } from "./leads";
import type { MediaStores } from "./render-media";
import type { WorkspaceScope } from "./workspace-scope";
import { isUniqueViolation } from "./workspaces";

/** The demo facecam, a static file of the site (npm run site:demo-facecams writes it). */
export const EXAMPLE_FACECAM_PATH = "/example/facecam.mp4";
export const EXAMPLE_CAMPAIGN_NAME = "Example campaign";

/**
 * Example prospects whose websites are the platform's own storefront pages: the one site every render
 * fleet of any deployment can reach, whatever else it is allowed to load.
 */
const EXAMPLE_LEADS = [
  { first_name: "Maria", company: "Crumb & Co.", title: "Owner", page: "/" },
  { first_name: "Priya", company: "Tallyflow", title: "Head of Sales", page: "/pricing/" },
  { first_name: "Daniel", company: "Hartwell & Reyes", title: "Managing Partner", page: "/features/" },
] as const;

/** The storefront's origin: where the dashboard lives (DASHBOARD_URL), else the app's domain. */
export function storefrontOrigin(env: { DASHBOARD_URL?: string; APP_DOMAIN: string }): string {
  return new URL(env.DASHBOARD_URL ?? `https://${env.APP_DOMAIN}`).origin;
}

/** One scene as long as the facecam: the lead's page read top to bottom, a greeting at the start. */
function exampleSpec(facecamAssetId: string): SceneSpecInput {
  return {
    facecam: facecamAssetId,
    bubble: { shape: "circle", position: "bottom-left", size: 0.28 },
    output: { width: 1280, height: 720, fps: 30 },
    length: "facecam",
    scenes: [
      {
        url: "{{website}}",
        actions: [{ type: "scroll", to: "bottom" }],
        overlays: [{ text: "Hi {{first_name|there}}!", at: 0, until: 3 }],
      },
    ],
    onUnusable: "reject",
  };
}

function exampleLanding(origin: string) {
  return LandingSettingsSchema.parse({
    headline: "Hi {{first_name}}, a quick video for {{company}}",
    message:
      "This is an example page: every lead gets one like it, with their own video.\n\nMade for {{first_name}}, {{title}} at {{company}}.",
    ctaLabel: "See the plans",
    ctaUrl: `${origin}/pricing/`,
  });
}

export interface ExampleCampaignDeps {
  /** The site's static files (the Worker's ASSETS binding), which hold the demo facecam. */
  siteAssets: Fetcher | undefined;
  bucket: R2Bucket;
  stores: MediaStores;
  storefrontOrigin: string;
}

async function findExampleId(ws: WorkspaceScope): Promise<string | null> {
  const [row] = await ws.db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, ws.workspaceId), eq(campaigns.example, true)));
  return row?.id ?? null;
}

/** Copies the demo facecam into the workspace through the checks every upload passes. */
async function uploadDemoFacecam(ws: WorkspaceScope, deps: ExampleCampaignDeps) {
  const file = await deps.siteAssets?.fetch(new URL(EXAMPLE_FACECAM_PATH, deps.storefrontOrigin));
  // A small file (about 250 KB), read whole so its length is known whatever the asset server sends.
  const bytes = file?.ok ? new Uint8Array(await file.arrayBuffer()) : null;
  if (!bytes || bytes.byteLength === 0) {
    await file?.body?.cancel();
    throw new ApiError(
      "INTERNAL",
      `The example's facecam (${EXAMPLE_FACECAM_PATH}) is missing from the site's build; rebuild the site`,
    );
  }
  return uploadAsset(ws, deps.bucket, {
    kind: "facecam",
    length: bytes.byteLength,
    body: new Blob([bytes]).stream(),
    name: "Example facecam",
  });
}

/**
 * The workspace's example campaign, made on first call: the demo facecam (copied in as an upload),
 * a scene over each lead's page, landing texts with merge fields and a button, and three leads on
 * the storefront's pages. Later calls answer the same campaign (also when two arrive at once: the
 * loser's facecam is removed again). Nothing is rendered until the rep asks: its videos count against
 * the plan like any other.
 */
export async function openExampleCampaign(
  ws: WorkspaceScope,
  deps: ExampleCampaignDeps,
): Promise<{ campaign: CampaignView; created: boolean }> {
  const existing = await findExampleId(ws);
  if (existing) return { campaign: await getCampaign(ws, existing), created: false };

  // Everything is checked before the facecam is stored, so a refusal leaves nothing behind.
  const draft = SceneSpecSchema.parse(exampleSpec("ast_example_facecam"));
  const landing = exampleLanding(deps.storefrontOrigin);
  assertKnownMergeFields({ spec: draft, landing, leadColumns: [] });
  const leads = EXAMPLE_LEADS.map(({ page, ...fields }) => {
    const checked = checkLeadFields(draft, { ...fields, website: `${deps.storefrontOrigin}${page}` });
    if ("problems" in checked) {
      throw new ApiError(
        "INTERNAL",
        `The example lead ${fields.first_name} is invalid: ${checked.problems[0]?.message}`,
      );
    }
    return checked.fields;
  });

  const facecam = await uploadDemoFacecam(ws, deps);
  const spec = { ...draft, facecam: facecam.id };
  const id = newId("cmp");
  try {
    await ws.db.transaction(async (tx) => {
      await tx.insert(campaigns).values({
        id,
        workspaceId: ws.workspaceId,
        name: EXAMPLE_CAMPAIGN_NAME,
        spec,
        landing,
        example: true,
      });
      await insertLeads(tx, ws.workspaceId, id, leads);
    });
  } catch (error) {
    // No campaign uses the facecam just stored: remove it, whatever stopped the insert.
    await deleteFacecam(ws, deps.stores, facecam.id);
    if (!isUniqueViolation(error)) throw error;
    // Another request made the example first: keep that one.
    const winner = await findExampleId(ws);
    if (!winner) throw error;
    return { campaign: await getCampaign(ws, winner), created: false };
  }
  return { campaign: await getCampaign(ws, id), created: true };
}
