import type { SceneSpecInput } from "@loom-lite/schema";
import { type ApiClient, ApiRequestError, type Schemas } from "@loom-lite/testkit/api-client";
import { type LocalSecrets, saveSecrets } from "../lib/secrets";

// The demo workspace, seeded through the real API so a first start exercises the same paths a user
// does. Every step looks for what a previous start made before making it again.

export const DEMO_USER = { name: "Demo", email: "demo@loom-lite.local", password: "loom-lite-demo" };
export const DEMO_CAMPAIGN_NAME = "Demo campaign";
export const DEMO_FACECAM_SECONDS = 20;

export function demoLeads(sitesUrl: string): { fields: Record<string, string> }[] {
  return [
    { fields: { first_name: "Maria", company: "Crumb & Co.", website: `${sitesUrl}/bakery` } },
    { fields: { first_name: "Priya", company: "Tallyflow", website: `${sitesUrl}/saas` } },
    { fields: { first_name: "Daniel", company: "Hartwell & Reyes", website: `${sitesUrl}/law` } },
  ];
}

/** Two scenes that together last as long as the facecam: the home page, then the about page. */
export function demoSpec(facecamAssetId: string): SceneSpecInput {
  return {
    facecam: facecamAssetId,
    bubble: { shape: "circle", position: "bottom-left", size: 0.28 },
    output: { width: 1280, height: 720, fps: 30 },
    scenes: [
      {
        url: "{{website}}",
        seconds: 12,
        actions: [{ type: "scroll", to: "bottom", seconds: 10 }],
        overlays: [{ text: "Hi {{first_name|there}}!", at: 0, until: 3 }],
      },
      { url: "{{website}}/about", seconds: 8, actions: [{ type: "scroll", to: "bottom", seconds: 6 }] },
    ],
    onUnusable: "reject",
  };
}

/**
 * Signs in as the demo user, signing up first when the account does not exist yet, and verifies its
 * email from the dev mailbox (also for a demo user an older start left unverified).
 */
export async function ensureDemoUser(client: ApiClient) {
  let signedUp = false;
  try {
    await client.signIn({ email: DEMO_USER.email, password: DEMO_USER.password });
  } catch (err) {
    if (!(err instanceof ApiRequestError) || err.status !== 401) throw err;
    await client.signUp(DEMO_USER);
    signedUp = true;
  }
  const me = await client.me();
  if (me.user?.emailVerified) return me;
  if (!signedUp) await client.requestVerificationEmail(DEMO_USER.email);
  await client.verifyEmailFromDevMailbox(DEMO_USER.email);
  return client.me();
}

/** Reuses the render node registered by an earlier start when the edge still knows it. */
export async function ensureRenderNode(
  client: ApiClient,
  secrets: LocalSecrets,
  secretsFile: string,
): Promise<{ id: string; token: string; created: boolean }> {
  if (secrets.node) {
    const { nodes } = await client.listNodes(secrets.adminToken);
    if (nodes.some((n) => n.id === secrets.node?.id)) return { ...secrets.node, created: false };
  }
  const node = await client.createNode({ name: "local-node-1", capacity: 1 }, secrets.adminToken);
  secrets.node = { id: node.id, token: node.token };
  saveSecrets(secretsFile, secrets);
  return { id: node.id, token: node.token, created: true };
}

export interface DemoCampaign {
  campaign: Schemas["Campaign"];
  created: boolean;
}

/** Finds the demo campaign, or uploads the facecam and creates it; then makes sure it has its leads. */
export async function ensureDemoCampaign(
  client: ApiClient,
  opts: { facecamPath: string; sitesUrl: string },
): Promise<DemoCampaign> {
  const existing = (await client.listCampaigns()).find((c) => c.name === DEMO_CAMPAIGN_NAME);
  let campaign = existing;
  if (!campaign) {
    const asset = await client.uploadAsset(opts.facecamPath, { kind: "facecam", contentType: "video/mp4" });
    campaign = await client.createCampaign({
      name: DEMO_CAMPAIGN_NAME,
      spec: demoSpec(asset.id),
      landing: {
        headline: "I made you a quick video",
        message: "I recorded this after looking at your website. Worth two minutes of your time?",
      },
    });
  }
  // A start interrupted between creating the campaign and adding its leads left it empty.
  if ((await client.getLeads(campaign.id)).length === 0) {
    await client.addLeads(campaign.id, demoLeads(opts.sitesUrl));
  }
  return { campaign, created: !existing };
}

/** Queues a render for every lead that never had one; answers how many were queued. */
export async function enqueueMissingRenders(client: ApiClient, campaignId: string): Promise<number> {
  const leads = await client.getLeads(campaignId);
  const missing = leads.filter((l) => l.render === null).map((l) => l.id);
  if (missing.length === 0) return 0;
  return (await client.enqueueRenders(campaignId, missing)).length;
}
