import { describe, expect, it } from "vitest";
import { type AuthedFetch, authed, signUp } from "./helpers/accounts";
import { finishedRender, seedRender } from "./helpers/factories";
import {
  addLeads,
  type CampaignBody,
  createCampaign,
  expectError,
  sceneSpec,
  uploadAsset,
} from "./helpers/fixtures";

/**
 * Every merge field a campaign's scenes and landing texts name must be one of its columns: its leads'
 * once it has some, before that the standard lead columns and those the rep declares. One rule
 * (schema's merge-check) for the API and the editor; a typo is refused where it is written.
 */

type Campaign = CampaignBody & {
  leadColumns: string[];
  specUpdatedAt: string | null;
  updatedAt: string;
  figures: { outdated: number; rendered: number };
};

async function get(call: AuthedFetch, id: string): Promise<Campaign> {
  const res = await call(`/api/campaigns/${id}`);
  const body = (await res.json()) as Campaign;
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

async function patch(call: AuthedFetch, id: string, json: unknown): Promise<Campaign> {
  const res = await call(`/api/campaigns/${id}`, { method: "PATCH", json });
  const body = (await res.json()) as Campaign;
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

async function campaignCount(call: AuthedFetch): Promise<number> {
  const res = await call("/api/campaigns");
  return ((await res.json()) as { total: number }).total;
}

describe("merge fields on POST /api/campaigns (no leads yet: the standard columns)", () => {
  it("refuses an unknown field where it is written, offering the close column, and creates nothing", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const facecam = await uploadAsset(call);
    const res = await call("/api/campaigns", {
      method: "POST",
      json: { name: "Typo", spec: sceneSpec(facecam.id, { scenes: [{ url: "{{webiste}}/pricing" }] }) },
    });
    const error = await expectError(res, 400, "BAD_REQUEST");
    expect(error?.message).toBe(
      "spec.scenes.0.url: {{webiste}} is not a standard lead column; did you mean {{website}}?",
    );
    expect(await campaignCount(call)).toBe(0);
  });

  it("names each unknown field of overlays, action selectors and landing texts in one answer", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const facecam = await uploadAsset(call);
    const res = await call("/api/campaigns", {
      method: "POST",
      json: {
        name: "Typos",
        spec: sceneSpec(facecam.id, {
          scenes: [
            {
              url: "{{website}}",
              actions: [
                { type: "scroll", to: "bottom" },
                { type: "hover", selector: "a[title='{{compnay}}']" },
              ],
              overlays: [{ text: "Hi {{frist_name|there}}", at: 0 }],
            },
          ],
        }),
        landing: { headline: "For {{company}}", message: "Made for {{favourite_dish}}" },
      },
    });
    const error = await expectError(res, 400, "BAD_REQUEST");
    const parts = error?.message.split(/; (?=[a-z.0-9]+: )/i) ?? [];
    expect(parts).toEqual([
      "spec.scenes.0.actions.1.selector: {{compnay}} is not a standard lead column; did you mean {{company}}?",
      "spec.scenes.0.overlays.0.text: {{frist_name}} is not a standard lead column; did you mean {{first_name}}?",
      expect.stringMatching(
        /^landing\.message: \{\{favourite_dish\}\} is not a standard lead column; add it as a column/,
      ),
    ]);
    expect(await campaignCount(call)).toBe(0);
  });

  it("accepts a custom column the rep declares, and keeps accepting it on later edits before any lead", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const facecam = await uploadAsset(call);
    const spec = sceneSpec(facecam.id, {
      scenes: [{ url: "{{website}}", overlays: [{ text: "Try the {{favourite_dish}}", at: 0 }] }],
    });
    const res = await call("/api/campaigns", {
      method: "POST",
      json: { name: "Custom", spec, columns: ["Favourite Dish"] },
    });
    const created = (await res.json()) as Campaign;
    expect(res.status, JSON.stringify(created)).toBe(201);
    expect(created.leadColumns).toEqual([]);
    // The saved scenes already name it: an edit elsewhere is not refused for it.
    const edited = await patch(call, created.id, {
      spec: { ...created.spec, scenes: [{ ...created.spec.scenes[0], seconds: 6 }] },
    });
    expect(edited.spec.scenes[0]?.seconds).toBe(6);
  });
});

describe("merge fields on PATCH /api/campaigns/:id (with leads: their columns)", () => {
  it("refuses a field the leads do not carry, listing theirs, and changes nothing", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call);
    await addLeads(call, campaign.id, [{ website: "example.com", first_name: "Ada" }]);
    const before = await get(call, campaign.id);
    expect(before.leadColumns).toEqual(["first_name", "website"]);

    // `company` is a standard column, but these leads have none: the overlay would show nothing.
    const scenes = [{ url: "{{website}}", overlays: [{ text: "Made for {{company}}", at: 0 }] }];
    const res = await call(`/api/campaigns/${campaign.id}`, {
      method: "PATCH",
      json: { spec: { ...campaign.spec, scenes } },
    });
    await expectError(
      res,
      400,
      "BAD_REQUEST",
      "spec.scenes.0.overlays.0.text: {{company}} is not a column of this campaign's leads; their columns are first_name, website",
    );
    const landing = await call(`/api/campaigns/${campaign.id}`, {
      method: "PATCH",
      json: { landing: { headline: "Hi {{fist_name}}" } },
    });
    await expectError(
      landing,
      400,
      "BAD_REQUEST",
      /^landing\.headline: .*did you mean \{\{first_name\}\}\?$/,
    );

    const after = await get(call, campaign.id);
    expect(after.spec).toEqual(before.spec);
    expect(after.landing).toEqual(before.landing);
    expect(after.updatedAt).toBe(before.updatedAt);
  });

  it("matches the leads' columns in any case or spacing", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call);
    await addLeads(call, campaign.id, [{ website: "example.com", "First Name": "Ada" }]);
    const saved = await patch(call, campaign.id, {
      landing: { headline: "Hi {{first_name}}, {{ First-Name|you }}" },
    });
    expect(saved.landing.headline).toBe("Hi {{first_name}}, {{ First-Name|you }}");
  });

  it("lists an imported CSV's custom columns as the campaign's columns, with the rep's mapping, and accepts them", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call);
    const csv = "First Name,Website,Role,Favourite Dish\nAda,example.com,CTO,Pho\n";
    const importCsv = async (body: Record<string, unknown>) => {
      const res = await call(`/api/campaigns/${campaign.id}/leads/import`, {
        method: "POST",
        json: { csv, ...body },
      });
      const report = (await res.json()) as {
        columns: Array<{ header: string; field: string | null; guessed: boolean }>;
      };
      expect(res.status, JSON.stringify(report)).toBe(200);
      return report;
    };
    // The dry run says what it guessed, `Role` → title included, so the import step can show it.
    const guessed = await importCsv({ dryRun: true });
    expect(guessed.columns.find((c) => c.header === "Role")).toEqual({
      header: "Role",
      field: "title",
      guessed: true,
    });
    // The rep keeps `Role` as its own column.
    await importCsv({ mapping: { Role: "role" } });
    const after = await get(call, campaign.id);
    expect(after.leadColumns).toEqual(["favourite_dish", "first_name", "role", "website"]);

    const saved = await patch(call, campaign.id, {
      landing: { headline: "{{First Name}}, a {{favourite_dish}} for the {{Role}}" },
    });
    expect(saved.landing.headline).toBe("{{First Name}}, a {{favourite_dish}} for the {{Role}}");
    // `title` was not imported: the guess the rep turned down is no column.
    const res = await call(`/api/campaigns/${campaign.id}`, {
      method: "PATCH",
      json: { landing: { headline: "{{title}}" } },
    });
    await expectError(
      res,
      400,
      "BAD_REQUEST",
      "landing.headline: {{title}} is not a column of this campaign's leads; their columns are favourite_dish, first_name, role, website",
    );
  });
});

describe("when the scenes last changed (specUpdatedAt) and videos made with older ones", () => {
  it("moves on a change of what the videos show, not on a rename, the same spec or the export policy", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call);
    expect((await get(call, campaign.id)).specUpdatedAt).toBeNull();

    await patch(call, campaign.id, { name: "Renamed" });
    await patch(call, campaign.id, { spec: campaign.spec });
    await patch(call, campaign.id, { spec: { ...campaign.spec, fallbackVideos: "hold" } });
    expect((await get(call, campaign.id)).specUpdatedAt).toBeNull();

    const changed = await patch(call, campaign.id, {
      spec: { ...campaign.spec, bubble: { position: "top-right" } },
    });
    expect(changed.specUpdatedAt).not.toBeNull();
    const renamed = await patch(call, campaign.id, { name: "Renamed again", spec: changed.spec });
    expect(renamed.specUpdatedAt).toBe(changed.specUpdatedAt);
  });

  it("counts a lead's video as outdated once the scenes change after it was made, until it is re-rendered", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call);
    const [ada, bo] = await addLeads(call, campaign.id, [
      { website: "ada.example", first_name: "Ada" },
      { website: "bo.example", first_name: "Bo" },
    ]);
    if (!ada || !bo) throw new Error("no leads");
    const madeAt = new Date(Date.now() - 60_000);
    await seedRender(finishedRender(account, campaign, ada, { claimedAt: madeAt, createdAt: madeAt }));
    await seedRender(finishedRender(account, campaign, bo, { claimedAt: madeAt, createdAt: madeAt }));

    const renamed = await patch(call, campaign.id, { name: "Only a new name" });
    expect(renamed.figures).toMatchObject({ rendered: 2, outdated: 0 });

    const edited = await patch(call, campaign.id, {
      spec: { ...campaign.spec, scenes: [{ url: "{{website}}/about", seconds: 4 }] },
    });
    expect(edited.figures).toMatchObject({ rendered: 2, outdated: 2 });

    // The bulk re-render queues both: a render on its way is no longer outdated.
    const res = await call("/api/campaigns/bulk", {
      method: "POST",
      json: { action: "rerender", ids: [campaign.id] },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as { queued: number }).queued).toBe(2);
    expect((await get(call, campaign.id)).figures.outdated).toBe(0);
  });
});
