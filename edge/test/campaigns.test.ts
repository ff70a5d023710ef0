import { describe, expect, it } from "vitest";
import { anonymous, authed, signUp } from "./helpers/accounts";
import {
  addLeads,
  type CampaignBody,
  createCampaign,
  expectError,
  type LeadBody,
  sceneSpec,
  uploadAsset,
} from "./helpers/fixtures";

async function campaignIds(cookieOrKey: string): Promise<string[]> {
  const res = await authed(cookieOrKey)("/api/campaigns");
  const body = (await res.json()) as { campaigns: CampaignBody[] };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.campaigns.map((c) => c.id);
}

describe("POST /api/campaigns", () => {
  it("creates a draft campaign with the spec's defaults filled in", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const facecam = await uploadAsset(call);
    const res = await call("/api/campaigns", {
      method: "POST",
      json: { name: "Q3 outreach", spec: sceneSpec(facecam.id), landing: { headline: "Hi {{first_name}}" } },
    });
    const campaign = (await res.json()) as CampaignBody;
    expect(res.status, JSON.stringify(campaign)).toBe(201);
    expect(campaign).toMatchObject({
      name: "Q3 outreach",
      status: "draft",
      landing: { headline: "Hi {{first_name}}" },
      spec: {
        facecam: facecam.id,
        bubble: { shape: "circle", position: "bottom-left" },
        output: { width: 1280, height: 720, fps: 30 },
        onUnusable: "reject",
      },
    });
    expect(campaign.id).toMatch(/^cmp_/);
    expect(campaign.spec.scenes).toHaveLength(2);
  });

  it("works with an API key as well as a session", async () => {
    const account = await signUp();
    const campaign = await createCampaign(authed(account.apiKey), { name: "Via key" });
    expect(await campaignIds(account.cookie)).toEqual([campaign.id]);
  });

  it("answers 400 naming the field for an invalid spec or name, and creates nothing", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const facecam = await uploadAsset(call);
    const cases: Array<[unknown, RegExp]> = [
      [{ name: "x", spec: { ...sceneSpec(facecam.id), scenes: [] } }, /spec\.scenes/],
      [{ name: "x", spec: { ...sceneSpec(facecam.id), bubble: { size: 2 } } }, /spec\.bubble\.size/],
      [{ name: "x", spec: { ...sceneSpec(facecam.id), onUnusable: "fallback" } }, /spec\.fallbackUrl/],
      [{ name: "", spec: sceneSpec(facecam.id) }, /name/],
      [{ spec: sceneSpec(facecam.id) }, /name/],
      [{ name: "x" }, /spec/],
      [{ name: "x", spec: sceneSpec(facecam.id), landing: { ctaUrl: "not a url" } }, /landing\.ctaUrl/],
    ];
    for (const [json, field] of cases) {
      await expectError(await call("/api/campaigns", { method: "POST", json }), 400, "BAD_REQUEST", field);
    }
    expect(await campaignIds(account.cookie)).toEqual([]);
  });

  it("keeps the video length choice; refuses an unknown one naming spec.length and its choices", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const facecam = await uploadAsset(call);
    for (const length of ["facecam", "scenes"] as const) {
      const res = await call("/api/campaigns", {
        method: "POST",
        json: { name: `Length ${length}`, spec: sceneSpec(facecam.id, { length }) },
      });
      const campaign = (await res.json()) as CampaignBody;
      expect(res.status, JSON.stringify(campaign)).toBe(201);
      expect(campaign.spec).toMatchObject({ length });
    }
    const before = await campaignIds(account.cookie);
    for (const length of ["auto", 15, null]) {
      const res = await call("/api/campaigns", {
        method: "POST",
        json: { name: "Bad length", spec: { ...sceneSpec(facecam.id), length } },
      });
      await expectError(res, 400, "BAD_REQUEST", /spec\.length: must be "facecam" .* or "scenes"/);
    }
    expect(await campaignIds(account.cookie)).toEqual(before);
    // Left out, the spec has no choice: the scenes' seconds count, as before the choice existed.
    const plain = await createCampaign(call);
    expect(plain.spec).not.toHaveProperty("length");
  });

  it("answers 400 when the facecam is another workspace's asset, unknown, or not a video", async () => {
    const account = await signUp();
    const stranger = await signUp();
    const call = authed(account.cookie);
    const theirs = await uploadAsset(authed(stranger.cookie));
    const logo = await uploadAsset(call, "logo");
    for (const facecam of [theirs.id, "ast_unknown", logo.id]) {
      const res = await call("/api/campaigns", {
        method: "POST",
        json: { name: "x", spec: sceneSpec(facecam) },
      });
      await expectError(res, 400, "BAD_REQUEST", /spec\.facecam/);
    }
    expect(await campaignIds(account.cookie)).toEqual([]);
  });

  it("answers 401 without credentials", async () => {
    const res = await anonymous("/api/campaigns", {
      method: "POST",
      json: { name: "x", spec: sceneSpec("ast_x") },
    });
    await expectError(res, 401, "UNAUTHORIZED");
  });
});

describe("GET /api/campaigns", () => {
  it("lists newest first in pages that join up without gaps or repeats", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const facecam = await uploadAsset(call);
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call("/api/campaigns", {
        method: "POST",
        json: { name: `c${i}`, spec: sceneSpec(facecam.id) },
      });
      created.push(((await res.json()) as { id: string }).id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const query = `/api/campaigns?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const res = await call(query);
      const body = (await res.json()) as { campaigns: CampaignBody[]; nextCursor: string | null };
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(body.campaigns.length).toBeLessThanOrEqual(2);
      seen.push(...body.campaigns.map((c) => c.id));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual([...created].reverse());
  });

  it("shows only the caller's workspace, and answers 400 for a bad limit or cursor", async () => {
    const account = await signUp();
    const stranger = await signUp();
    const mine = await createCampaign(authed(account.cookie));
    const theirs = await createCampaign(authed(stranger.cookie));
    expect(await campaignIds(account.cookie)).toEqual([mine.id]);
    await expectError(await authed(account.cookie)("/api/campaigns?limit=0"), 400, "BAD_REQUEST", /limit/);
    await expectError(await authed(account.cookie)("/api/campaigns?limit=abc"), 400, "BAD_REQUEST", /limit/);
    await expectError(
      await authed(account.cookie)(`/api/campaigns?cursor=${theirs.id}`),
      400,
      "BAD_REQUEST",
      /cursor/,
    );
  });

  it("answers 401 without credentials", async () => {
    await expectError(await anonymous("/api/campaigns"), 401, "UNAUTHORIZED");
  });
});

describe("GET/PATCH/DELETE /api/campaigns/:id", () => {
  it("reads, updates name, status and landing, then deletes", async () => {
    const account = await signUp();
    const call = authed(account.apiKey);
    const campaign = await createCampaign(call);

    const got = await call(`/api/campaigns/${campaign.id}`);
    expect(await got.json()).toMatchObject({ id: campaign.id, name: campaign.name });

    const patched = await call(`/api/campaigns/${campaign.id}`, {
      method: "PATCH",
      json: {
        name: "Renamed",
        status: "active",
        landing: { headline: "Hey {{first_name|you}}", ctaLabel: "Book" },
      },
    });
    const body = await patched.json();
    expect(patched.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({
      name: "Renamed",
      status: "active",
      landing: { headline: "Hey {{first_name|you}}", ctaLabel: "Book" },
      spec: campaign.spec,
    });

    const deleted = await call(`/api/campaigns/${campaign.id}`, { method: "DELETE" });
    expect(deleted.status, await deleted.clone().text()).toBe(204);
    await expectError(await call(`/api/campaigns/${campaign.id}`), 404, "NOT_FOUND");
  });

  it("answers 400 naming the field for a bad patch, and changes nothing", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call);
    const cases: Array<[unknown, RegExp]> = [
      [{}, /at least one/],
      [{ status: "paused" }, /status/],
      [{ name: "" }, /name/],
      [{ landing: { ctaUrl: "nope" } }, /landing\.ctaUrl/],
      [{ spec: { ...campaign.spec, scenes: [] } }, /spec\.scenes/],
      [{ owner: "someone" }, /unrecognized/i],
    ];
    for (const [json, field] of cases) {
      const res = await call(`/api/campaigns/${campaign.id}`, { method: "PATCH", json });
      await expectError(res, 400, "BAD_REQUEST", field);
    }
    const after = await (await call(`/api/campaigns/${campaign.id}`)).json();
    expect(after).toMatchObject({
      name: campaign.name,
      status: "draft",
      landing: campaign.landing,
      spec: { scenes: campaign.spec.scenes },
    });
  });

  it("answers 404 for another workspace's campaign on every verb, and leaves it as it was", async () => {
    const owner = await signUp();
    const stranger = await signUp();
    const campaign = await createCampaign(authed(owner.cookie));
    const call = authed(stranger.apiKey);
    await expectError(await call(`/api/campaigns/${campaign.id}`), 404, "NOT_FOUND");
    await expectError(
      await call(`/api/campaigns/${campaign.id}`, { method: "PATCH", json: { name: "pwned" } }),
      404,
      "NOT_FOUND",
    );
    await expectError(await call(`/api/campaigns/${campaign.id}`, { method: "DELETE" }), 404, "NOT_FOUND");
    const still = await (await authed(owner.cookie)(`/api/campaigns/${campaign.id}`)).json();
    expect(still).toMatchObject({ id: campaign.id, name: campaign.name });
  });

  it("answers 401 without credentials on every verb", async () => {
    const owner = await signUp();
    const campaign = await createCampaign(authed(owner.cookie));
    await expectError(await anonymous(`/api/campaigns/${campaign.id}`), 401, "UNAUTHORIZED");
    await expectError(
      await anonymous(`/api/campaigns/${campaign.id}`, { method: "PATCH", json: { name: "x" } }),
      401,
      "UNAUTHORIZED",
    );
    await expectError(
      await anonymous(`/api/campaigns/${campaign.id}`, { method: "DELETE" }),
      401,
      "UNAUTHORIZED",
    );
    expect(await campaignIds(owner.cookie)).toEqual([campaign.id]);
  });
});

describe("POST /api/campaigns/:id/duplicate", () => {
  it("copies the video settings and landing page into a new draft without the leads", async () => {
    const account = await signUp();
    const call = authed(account.apiKey);
    const original = await createCampaign(call, { name: "Q3 bakeries" });
    const landing = { headline: "Hi {{first_name}}", ctaLabel: "Book", ctaUrl: "https://cal.example/x" };
    expect(
      (
        await call(`/api/campaigns/${original.id}`, {
          method: "PATCH",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ landing, status: "active" }),
        })
      ).status,
    ).toBe(200);
    await addLeads(call, original.id, [{ first_name: "Ada", website: "ada.example.com" }]);

    const res = await call(`/api/campaigns/${original.id}/duplicate`, { method: "POST" });
    const copy = (await res.json()) as CampaignBody & {
      landing: Record<string, unknown>;
      figures: { leads: number };
    };
    expect(res.status, JSON.stringify(copy)).toBe(201);
    expect(copy.id).not.toBe(original.id);
    expect(copy).toMatchObject({ name: "Q3 bakeries (copy)", status: "draft", spec: original.spec, landing });
    const leads = (await (await call(`/api/campaigns/${copy.id}/leads`)).json()) as { leads: unknown[] };
    expect(leads.leads).toEqual([]);
  });

  it("keeps a long name within the limit, and answers 404 for another workspace's campaign and 401 without credentials", async () => {
    const account = await signUp();
    const call = authed(account.apiKey);
    const long = await createCampaign(call, { name: "x".repeat(200) });
    const res = await call(`/api/campaigns/${long.id}/duplicate`, { method: "POST" });
    expect(res.status).toBe(201);
    const { name } = (await res.json()) as { name: string };
    expect(name).toHaveLength(200);
    expect(name.endsWith(" (copy)")).toBe(true);

    const stranger = await signUp();
    await expectError(
      await authed(stranger.apiKey)(`/api/campaigns/${long.id}/duplicate`, { method: "POST" }),
      404,
      "NOT_FOUND",
    );
    await expectError(
      await anonymous(`/api/campaigns/${long.id}/duplicate`, { method: "POST" }),
      401,
      "UNAUTHORIZED",
    );
  });
});

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
    expect(facecam).toMatchObject({
      id: campaign.spec.facecam,
      name: "Example facecam",
      contentType: "video/mp4",
    });
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
    expect((await openExample(authed(owner.cookie))).campaign).toMatchObject({
      id: mine.id,
      figures: { leads: 3 },
    });
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
