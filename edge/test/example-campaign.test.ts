import { describe, expect, it } from "vitest";
import { anonymous, authed, signUp } from "./helpers/accounts";
import type { CampaignBody, LeadBody } from "./helpers/fixtures";

/** The storefront the example's leads point at: `https://<APP_DOMAIN>` (wrangler.toml's `localhost`). */
const STOREFRONT = "https://localhost";

type Example = CampaignBody & { example: boolean; leadColumns: string[]; figures: { leads: number } };
type Call = ReturnType<typeof authed>;

async function openExample(call: Call): Promise<{ status: number; campaign: Example }> {
  const res = await call("/api/campaigns/example", { method: "POST" });
  const campaign = (await res.json()) as Example;
  expect([200, 201], `POST /api/campaigns/example answered: ${JSON.stringify(campaign)}`).toContain(
    res.status,
  );
  return { status: res.status, campaign };
}

async function facecams(call: Call) {
  const res = await call("/api/assets?kind=facecam");
  const body = (await res.json()) as {
    assets: Array<{ id: string; name: string | null; contentType: string; durationMs: number | null }>;
  };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.assets;
}

async function leadsOf(call: Call, campaignId: string): Promise<LeadBody[]> {
  const res = await call(`/api/campaigns/${campaignId}/leads`);
  const body = (await res.json()) as { leads: LeadBody[] };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.leads;
}

describe("POST /api/campaigns/example", () => {
  it("makes the example: the demo facecam checked like an upload, a scene, landing texts and three leads on the storefront", async () => {
    const call = authed((await signUp()).cookie);
    const { status, campaign } = await openExample(call);
    expect(status).toBe(201);
    expect(campaign).toMatchObject({
      name: "Example campaign",
      status: "draft",
      example: true,
      spec: { length: "facecam", onUnusable: "reject", scenes: [{ url: "{{website}}" }] },
      landing: {
        headline: expect.stringContaining("{{first_name}}"),
        ctaUrl: `${STOREFRONT}/pricing/`,
      },
      figures: { leads: 3 },
      leadColumns: ["company", "first_name", "title", "website"],
    });

    // The facecam went through the upload checks: its type and length are what the bytes say.
    const [facecam, ...more] = await facecams(call);
    expect(more).toEqual([]);
    expect(facecam).toMatchObject({ id: campaign.spec.facecam, name: "Example facecam", contentType: "video/mp4" });
    expect(facecam?.durationMs).toBeGreaterThan(11_000);
    expect(facecam?.durationMs).toBeLessThan(13_000);

    const leads = await leadsOf(call, campaign.id);
    expect(leads.map((l) => l.fields.website).sort()).toEqual([
      STOREFRONT,
      `${STOREFRONT}/features`,
      `${STOREFRONT}/pricing`,
    ]);
    for (const lead of leads) expect(lead.fields).toHaveProperty("first_name");
  });

  it("answers the same campaign on later calls, also two at once, and makes no second facecam", async () => {
    const call = authed((await signUp()).cookie);
    const [a, b] = await Promise.all([openExample(call), openExample(call)]);
    expect(a.campaign.id).toBe(b.campaign.id);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    const again = await openExample(call);
    expect(again).toMatchObject({ status: 200, campaign: { id: a.campaign.id, example: true } });

    expect((await facecams(call)).map((f) => f.id)).toEqual([a.campaign.spec.facecam]);
    expect(await leadsOf(call, a.campaign.id)).toHaveLength(3);
    const list = (await (await call("/api/campaigns")).json()) as { campaigns: Example[] };
    expect(list.campaigns.map((c) => [c.id, c.example])).toEqual([[a.campaign.id, true]]);
  });

  it("is per workspace: another workspace gets its own, and cannot open this one", async () => {
    const [owner, other] = await Promise.all([signUp(), signUp()]);
    const mine = (await openExample(authed(owner.cookie))).campaign;
    const theirs = await openExample(authed(other.cookie));
    expect(theirs.status).toBe(201);
    expect(theirs.campaign.id).not.toBe(mine.id);
    expect(theirs.campaign.spec.facecam).not.toBe(mine.spec.facecam);
    expect((await authed(other.cookie)(`/api/campaigns/${mine.id}`)).status).toBe(404);
    // The owner's example is untouched by the other workspace's call.
    expect((await openExample(authed(owner.cookie))).campaign).toMatchObject({ id: mine.id, figures: { leads: 3 } });
  });

  it("is an ordinary campaign once copied, and a new one is made after it is deleted", async () => {
    const call = authed((await signUp()).cookie);
    const first = (await openExample(call)).campaign;
    const copy = await call(`/api/campaigns/${first.id}/duplicate`, { method: "POST" });
    expect(copy.status).toBe(201);
    expect(((await copy.json()) as Example).example).toBe(false);

    expect((await call(`/api/campaigns/${first.id}`, { method: "DELETE" })).status).toBe(204);
    const next = await openExample(call);
    expect(next.status).toBe(201);
    expect(next.campaign.id).not.toBe(first.id);
  });

  it("answers 401 without credentials and makes nothing", async () => {
    const res = await anonymous("/api/campaigns/example", { method: "POST" });
    expect(res.status).toBe(401);
  });
});
