import { renders } from "@loom-lite/schema/db";
import { describe, expect, it } from "vitest";
import { anonymous, authed, signUp } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { seedRender } from "./helpers/factories";
import { addLeads, createCampaign, expectError } from "./helpers/fixtures";

interface ListedLead {
  id: string;
  slug: string;
  fields: Record<string, string>;
  landingUrl: string;
  render: { id: string; state: string; progress: number; stage: string | null; error: string | null } | null;
}

async function listLeads(cookieOrKey: string, campaignId: string, query = ""): Promise<ListedLead[]> {
  const res = await authed(cookieOrKey)(`/api/campaigns/${campaignId}/leads${query}`);
  const body = (await res.json()) as { leads: ListedLead[] };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.leads;
}

async function insertRender(
  account: { workspaceId: string },
  campaignId: string,
  leadId: string,
  row: Partial<typeof renders.$inferInsert> & { id: string },
) {
  await seedRender({ workspaceId: account.workspaceId, campaignId, leadId, ...row });
}

describe("POST /api/campaigns/:id/leads", () => {
  it("adds leads with unguessable slugs and website fields made absolute", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call);
    const leads = await addLeads(call, campaign.id, [
      { first_name: "Ada", website: "example.com" },
      { first_name: "Bob", Website: " https://bob.example.org/ " },
      { first_name: "Cy", website: "http://cy.example.net/shop" },
    ]);
    expect(leads.map((l) => l.fields)).toEqual([
      { first_name: "Ada", website: "https://example.com" },
      { first_name: "Bob", Website: "https://bob.example.org" },
      { first_name: "Cy", website: "http://cy.example.net/shop" },
    ]);
    for (const lead of leads) {
      expect(lead.id).toMatch(/^ld_/);
      expect(lead.slug).toMatch(/^[0-9A-Za-z]{22}$/);
      expect(lead.landingUrl).toBe(`http://${account.workspaceSlug}.localhost/${lead.slug}`);
    }
    expect(new Set(leads.map((l) => l.slug)).size).toBe(3);
  });

  it("accepts a missing field when the template gives a fallback", async () => {
    const account = await signUp();
    const call = authed(account.apiKey);
    const campaign = await createCampaign(call, {
      spec: {
        scenes: [
          { url: "{{website|https://fallback.example.com}}" },
          { url: "https://example.com/?q={{company}}" },
        ],
      },
    });
    const [lead] = await addLeads(call, campaign.id, [{ first_name: "Ada" }]);
    expect(lead?.fields).toEqual({ first_name: "Ada" });
  });

  it("rejects the whole request naming each bad row and field, and adds nothing", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call);
    const res = await call(`/api/campaigns/${campaign.id}/leads`, {
      method: "POST",
      json: {
        leads: [
          { fields: { first_name: "Ok", website: "ok.example.com" } },
          { fields: { first_name: "Bad", website: "not a website" } },
          { fields: { first_name: "Missing" } },
          { fields: { first_name: "Scheme", website: "ftp://files.example.com" } },
        ],
      },
    });
    const error = await expectError(res, 400, "BAD_REQUEST");
    expect(error?.message).toMatch(/leads\.1\.fields\.website/);
    expect(error?.message).toMatch(/leads\.2\.fields\.website: required/);
    expect(error?.message).toMatch(/leads\.3\.fields\.website/);
    expect(error?.message).not.toMatch(/leads\.0\./);
    expect(await listLeads(account.cookie, campaign.id)).toEqual([]);
  });

  it("answers 400 naming the field for a malformed body", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call);
    const cases: Array<[unknown, RegExp]> = [
      [{}, /leads/],
      [{ leads: [] }, /leads/],
      [{ leads: [{ fields: { website: 42 } }] }, /leads\.0\.fields\.website/],
      [{ leads: [{ nope: {} }] }, /leads\.0\.fields/],
    ];
    for (const [json, field] of cases) {
      const res = await call(`/api/campaigns/${campaign.id}/leads`, { method: "POST", json });
      await expectError(res, 400, "BAD_REQUEST", field);
    }
    expect(await listLeads(account.cookie, campaign.id)).toEqual([]);
  });

  it("answers 404 for another workspace's campaign and 401 without credentials", async () => {
    const owner = await signUp();
    const stranger = await signUp();
    const campaign = await createCampaign(authed(owner.cookie));
    const json = { leads: [{ fields: { website: "example.com" } }] };
    await expectError(
      await authed(stranger.apiKey)(`/api/campaigns/${campaign.id}/leads`, { method: "POST", json }),
      404,
      "NOT_FOUND",
    );
    await expectError(
      await anonymous(`/api/campaigns/${campaign.id}/leads`, { method: "POST", json }),
      401,
      "UNAUTHORIZED",
    );
    expect(await listLeads(owner.cookie, campaign.id)).toEqual([]);
  });
});

describe("GET /api/campaigns/:id/leads", () => {
  it("lists in the order added, in pages, each with its latest render", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call);
    const added = await addLeads(
      call,
      campaign.id,
      ["a", "b", "c", "d", "e"].map((n) => ({ first_name: n, website: `${n}.example.com` })),
    );
    const [first, second] = added;
    if (!first || !second) throw new Error("leads were not added");
    await insertRender(account, campaign.id, first.id, {
      id: "rnd_old_attempt_1",
      state: "failed",
      error: "The page blocked us",
      createdAt: new Date(Date.now() - 60_000),
    });
    await insertRender(account, campaign.id, first.id, {
      id: "rnd_new_attempt_1",
      state: "capturing",
      progress: 0.4,
    });
    await insertRender(account, campaign.id, second.id, {
      id: "rnd_failed_only_1",
      state: "failed",
      error: "Timed out",
    });

    const pageOne = await authed(account.apiKey)(`/api/campaigns/${campaign.id}/leads?limit=3`);
    const one = (await pageOne.json()) as { leads: ListedLead[]; nextCursor: string | null };
    expect(one.leads.map((l) => l.id)).toEqual(added.slice(0, 3).map((l) => l.id));
    expect(one.nextCursor).toBe(added[2]?.id);
    const two = await listLeads(account.cookie, campaign.id, `?limit=3&cursor=${one.nextCursor}`);
    expect(two.map((l) => l.id)).toEqual(added.slice(3).map((l) => l.id));

    expect(one.leads[0]?.render).toEqual({
      id: "rnd_new_attempt_1",
      state: "capturing",
      progress: expect.closeTo(0.4, 5),
      stage: "capturing",
      error: null,
      errorCode: null,
      artifacts: {},
      fallbacks: [],
      finishedAt: null,
    });
    expect(one.leads[1]?.render).toEqual({
      id: "rnd_failed_only_1",
      state: "failed",
      progress: 0,
      stage: null,
      error: "Timed out",
      errorCode: null,
      artifacts: {},
      fallbacks: [],
      finishedAt: null,
    });
    expect(one.leads[2]?.render).toBeNull();
  });

  it("answers 404 for another workspace's campaign and 401 without credentials", async () => {
    const owner = await signUp();
    const stranger = await signUp();
    const campaign = await createCampaign(authed(owner.cookie));
    await addLeads(authed(owner.cookie), campaign.id, [{ website: "example.com" }]);
    await expectError(await authed(stranger.cookie)(`/api/campaigns/${campaign.id}/leads`), 404, "NOT_FOUND");
    await expectError(await anonymous(`/api/campaigns/${campaign.id}/leads`), 401, "UNAUTHORIZED");
  });
});

describe("DELETE /api/campaigns/:id with renders", () => {
  it("is refused with 409 while a render is in progress, and allowed once it is finished", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call);
    const [lead] = await addLeads(call, campaign.id, [{ website: "example.com" }]);
    if (!lead) throw new Error("lead was not added");
    await insertRender(account, campaign.id, lead.id, { id: "rnd_active_delete", state: "composing" });

    await expectError(await call(`/api/campaigns/${campaign.id}`, { method: "DELETE" }), 409, "CONFLICT");
    expect((await listLeads(account.cookie, campaign.id)).map((l) => l.id)).toEqual([lead.id]);

    await withDb(async (db) => {
      const { eq } = await import("drizzle-orm");
      await db.update(renders).set({ state: "done" }).where(eq(renders.id, "rnd_active_delete"));
    });
    const res = await call(`/api/campaigns/${campaign.id}`, { method: "DELETE" });
    expect(res.status, await res.clone().text()).toBe(204);
    await expectError(await call(`/api/campaigns/${campaign.id}/leads`), 404, "NOT_FOUND");
  });
});
