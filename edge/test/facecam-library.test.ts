import { env } from "cloudflare:test";
import { assets, campaigns, mediaDeletions } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type AuthedFetch, anonymous, authed, signUp } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { expectError, sample, sceneSpec, uploadAsset } from "./helpers/fixtures";

interface Facecam {
  id: string;
  kind: string;
  name: string | null;
  durationMs: number | null;
  bytes: number;
  usedBy: Array<{ id: string; name: string }>;
}

async function library(call: AuthedFetch): Promise<Facecam[]> {
  const res = await call("/api/facecams");
  const body = (await res.json()) as { facecams: Facecam[] };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.facecams;
}

async function upload(call: AuthedFetch, name?: string, file = sample("mp4"), type = "video/mp4") {
  const query = new URLSearchParams({ kind: "facecam", ...(name === undefined ? {} : { name }) });
  const res = await call(`/api/assets?${query}`, {
    method: "POST",
    headers: { "content-type": type },
    body: file,
  });
  return res;
}

async function uploaded(
  call: AuthedFetch,
  name?: string,
  file?: Uint8Array,
  type?: string,
): Promise<Facecam> {
  const res = await upload(call, name, file, type);
  const body = (await res.json()) as Facecam;
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body;
}

async function campaignWith(call: AuthedFetch, facecam: string, name: string): Promise<string> {
  const res = await call("/api/campaigns", { method: "POST", json: { name, spec: sceneSpec(facecam) } });
  const body = (await res.json()) as { id: string };
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body.id;
}

/** The asset rows and stored files of a workspace, to prove a refused request changed nothing. */
async function stateOf(workspaceId: string) {
  const rows = await withDb((db) => db.select().from(assets).where(eq(assets.workspaceId, workspaceId)));
  const listed = await env.MEDIA.list({ prefix: `ws/${workspaceId}/` });
  return JSON.stringify({
    rows: rows.sort((a, b) => a.id.localeCompare(b.id)),
    files: listed.objects.map((o) => o.key).sort(),
  });
}

describe("the facecam library", () => {
  it("lists the workspace's facecams with their name, length, and the campaigns using each", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const intro = await uploaded(call, "Intro, December");
    const recording = await uploaded(call, "Recorded", sample("recorderWebm"), "video/webm");
    const unnamed = await uploaded(call);
    await uploadAsset(call, "logo");
    const first = await campaignWith(call, intro.id, "Bakeries");
    const second = await campaignWith(call, intro.id, "Agencies");

    expect(intro).toMatchObject({ kind: "facecam", name: "Intro, December" });
    // Two seconds of picture; the AAC track runs a few milliseconds longer.
    expect(intro.durationMs).toBeGreaterThanOrEqual(1990);
    expect(intro.durationMs).toBeLessThanOrEqual(2100);
    // A MediaRecorder-style WebM declares no duration: its length is measured from its clusters.
    expect(recording.durationMs).toBeGreaterThanOrEqual(2800);
    expect(recording.durationMs).toBeLessThanOrEqual(3000);
    expect(unnamed.name).toBeNull();

    const list = await library(call);
    expect(list.map((f) => f.id)).toEqual([unnamed.id, recording.id, intro.id]);
    expect(list.find((f) => f.id === intro.id)?.usedBy).toEqual([
      { id: second, name: "Agencies" },
      { id: first, name: "Bakeries" },
    ]);
    expect(list.find((f) => f.id === recording.id)?.usedBy).toEqual([]);
    // Logos and CSVs are no facecams.
    expect(list.every((f) => f.kind === "facecam")).toBe(true);
  });

  it("renames a facecam, trimming the name", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const facecam = await uploaded(call, "Take 1");
    const res = await call(`/api/facecams/${facecam.id}`, {
      method: "PATCH",
      json: { name: "  Intro, final  " },
    });
    expect(await res.json()).toMatchObject({ id: facecam.id, name: "Intro, final", usedBy: [] });
    expect((await library(call))[0]?.name).toBe("Intro, final");
  });

  it("one recording serves many campaigns: a campaign switches to a facecam of the library", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const a = await uploaded(call, "A");
    const b = await uploaded(call, "B");
    const id = await campaignWith(call, a.id, "Switching");
    const res = await call(`/api/campaigns/${id}`, { method: "PATCH", json: { spec: sceneSpec(b.id) } });
    expect(res.status).toBe(200);
    const list = await library(call);
    expect(list.find((f) => f.id === b.id)?.usedBy).toEqual([{ id, name: "Switching" }]);
    expect(list.find((f) => f.id === a.id)?.usedBy).toEqual([]);
  });

  it("deletes an unused facecam with its file", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const facecam = await uploaded(call, "Old take");
    const key = `ws/${account.workspaceId}/assets/${facecam.id}`;
    expect(await env.MEDIA.head(key)).not.toBeNull();

    const res = await call(`/api/facecams/${facecam.id}`, { method: "DELETE" });
    expect(res.status).toBe(204);
    expect(await library(call)).toEqual([]);
    expect(await env.MEDIA.head(key)).toBeNull();
    // Deleted at once, so nothing is left for the cron.
    const queued = await withDb((db) => db.select().from(mediaDeletions).where(eq(mediaDeletions.key, key)));
    expect(queued).toEqual([]);
    await expectError(await call(`/api/facecams/${facecam.id}`, { method: "DELETE" }), 404, "NOT_FOUND");
  });

  it("refuses to delete a facecam campaigns use, naming them, and keeps it", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const facecam = await uploaded(call, "In use");
    await campaignWith(call, facecam.id, "Spring bakeries");
    const archived = await campaignWith(call, facecam.id, "Old list");
    await withDb((db) => db.update(campaigns).set({ status: "archived" }).where(eq(campaigns.id, archived)));
    const before = await stateOf(account.workspaceId);

    await expectError(
      await call(`/api/facecams/${facecam.id}`, { method: "DELETE" }),
      409,
      "CONFLICT",
      /used by 2 campaigns: "Old list", "Spring bakeries"; pick another facecam there/,
    );
    expect(await stateOf(account.workspaceId)).toBe(before);
  });
});

describe("attacks on the facecam library", () => {
  it("refuses names with control, format or line-break characters, empty or overlong, changing nothing", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const facecam = await uploaded(call, "Honest name");
    const before = await stateOf(account.workspaceId);
    const hostile = [
      "evil\u0000name",
      "two\nlines",
      // A right-to-left override: "Intro\u202Egpj.exe" reads as "Introexe.jpg" to a teammate.
      "Intro\u202Egpj.exe",
      "zero\u200Bwidth",
      "   ",
      "x".repeat(121),
    ];
    for (const name of hostile) {
      await expectError(
        await call(`/api/facecams/${facecam.id}`, { method: "PATCH", json: { name } }),
        400,
        "BAD_REQUEST",
        /name/,
      );
      await expectError(await upload(call, name), 400, "BAD_REQUEST", /name/);
    }
    await expectError(
      await call(`/api/facecams/${facecam.id}`, { method: "PATCH", json: { name: "ok", kind: "logo" } }),
      400,
      "BAD_REQUEST",
    );
    expect(await stateOf(account.workspaceId)).toBe(before);
  });

  it("another workspace cannot list, rename or delete a facecam, nor learn whether its id exists", async () => {
    const [victim, intruder] = await Promise.all([signUp("Victim"), signUp("Intruder")]);
    const facecam = await uploaded(authed(victim.cookie), "Victim's intro");
    await campaignWith(authed(victim.cookie), facecam.id, "Victim campaign");
    const before = await stateOf(victim.workspaceId);
    const call = authed(intruder.cookie);

    expect(await library(call)).toEqual([]);
    for (const target of [facecam.id, "ast_doesnotexist00"]) {
      await expectError(
        await call(`/api/facecams/${target}`, { method: "PATCH", json: { name: "Owned" } }),
        404,
        "NOT_FOUND",
        `Facecam ${target} does not exist in this workspace`,
      );
      await expectError(
        await call(`/api/facecams/${target}`, { method: "DELETE" }),
        404,
        "NOT_FOUND",
        `Facecam ${target} does not exist in this workspace`,
      );
    }
    // Nor with an API key of its own workspace.
    await expectError(
      await authed(intruder.apiKey)(`/api/facecams/${facecam.id}`, { method: "DELETE" }),
      404,
      "NOT_FOUND",
    );
    expect(await stateOf(victim.workspaceId)).toBe(before);
    expect((await library(authed(victim.cookie)))[0]?.usedBy).toHaveLength(1);
  });

  it("a logo is not a facecam: it cannot be renamed or deleted through the library", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const logo = await uploadAsset(call, "logo");
    const before = await stateOf(account.workspaceId);
    await expectError(
      await call(`/api/facecams/${logo.id}`, { method: "PATCH", json: { name: "x" } }),
      404,
      "NOT_FOUND",
    );
    await expectError(await call(`/api/facecams/${logo.id}`, { method: "DELETE" }), 404, "NOT_FOUND");
    expect(await stateOf(account.workspaceId)).toBe(before);
  });

  it("answers 401 without credentials", async () => {
    expect((await anonymous("/api/facecams")).status).toBe(401);
    expect((await anonymous("/api/facecams/ast_x", { method: "DELETE" })).status).toBe(401);
  });
});
