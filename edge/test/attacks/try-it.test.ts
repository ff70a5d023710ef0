import { campaigns, renders, workspaces } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { withDb } from "../helpers/db";
import { expectError } from "../helpers/fixtures";
import { retire, seedCampaign } from "../helpers/render-world";
import { freshAddress, PRODUCTION_ORIGIN, PRODUCTION_VARS, workerWith } from "../helpers/worker-with";

/**
 * The storefront's "try it" takes an address from anyone and makes the render fleet open it. What an
 * attacker would send: internal and metadata addresses in every spelling, other schemes, credentials,
 * the platform's own hosts, oversized bodies, a filled honeypot, a post from another site, and
 * another workspace's render ids. Each is refused and leaves no sample (no workspace, no job) behind.
 */

const used: string[] = [];
afterAll(() => retire(used));

function platformWorkspace(): string {
  const id = `ws_tryatk_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  used.push(id);
  return id;
}

/** A production deployment on its own domain: no local exception for this machine. */
function productionTry(workspaceId: string) {
  const call = workerWith({ ...PRODUCTION_VARS, TRY_IT_WORKSPACE_ID: workspaceId, TRY_IT_CONCURRENCY: "0" });
  return (body: string, headers: Record<string, string> = {}) =>
    call(`${PRODUCTION_ORIGIN}/api/try`, {
      method: "POST",
      ip: freshAddress(),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
        origin: PRODUCTION_ORIGIN,
        ...headers,
      },
      body,
    });
}

const nothingCreated = async (workspaceId: string) =>
  withDb(async (db) => ({
    workspace: await db.select().from(workspaces).where(eq(workspaces.id, workspaceId)),
    campaigns: await db.select().from(campaigns).where(eq(campaigns.workspaceId, workspaceId)),
    renders: await db.select().from(renders).where(eq(renders.workspaceId, workspaceId)),
  }));

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe("try it: addresses a sample must never film", () => {
  const refused: Array<[string, RegExp]> = [
    ["http://169.254.169.254/latest/meta-data/iam/security-credentials/", /not an IP address/],
    ["http://metadata.google.internal/computeMetadata/v1/", /local or internal/],
    ["http://10.0.0.1/admin", /not an IP address/],
    ["http://192.168.1.1", /not an IP address/],
    ["http://127.0.0.1:8787/api/admin/nodes", /not an IP address/],
    ["http://localhost:8787", /local or internal/],
    ["http://[::1]/", /not an IP address/],
    ["http://[::ffff:169.254.169.254]/", /not an IP address/],
    // Decimal, hex and octal IPv4 (URL parsing turns them into 127.0.0.1 and 169.254.169.254).
    ["http://2130706433/", /not an IP address/],
    ["http://0x7f.0.0.1/", /not an IP address/],
    ["http://0251.0376.0251.0376/", /not an IP address/],
    ["http://router.lan", /local or internal/],
    ["http://printer.home.arpa", /local or internal/],
    ["http://intranet", /not a website address/],
    ["file:///etc/passwd", /not a website address/],
    ["javascript:alert(document.cookie)", /not a website address/],
    ["ftp://files.example.com/", /not a website address/],
    ["chrome://settings", /not a website address/],
    ["data:text/html,<script>alert(1)</script>", /not a website address/],
    ["https://admin:hunter2@example.com/", /user name or password/],
    // The platform's own hosts: the dashboard, a workspace's landing pages, the custom-domain target.
    ["https://loom-lite.app/api/admin/settings", /not this platform's/],
    ["https://acme.loom-lite.app/", /not this platform's/],
    ["https://loom-lite.workers.dev", /not this platform's/],
    ["https://domains.loom-lite.app", /not this platform's/],
    [`https://${"a".repeat(490)}.example.com`, /at most 500 characters/],
  ];

  it.each(refused)("refuses %s and creates nothing", async (website, why) => {
    const ws = platformWorkspace();
    const res = await productionTry(ws)(form({ website }));
    await expectError(res, 400, "BAD_REQUEST", new RegExp(`website: .*${why.source}`));
    expect(await nothingCreated(ws)).toEqual({ workspace: [], campaigns: [], renders: [] });
  });

  it("refuses a body far larger than the form before reading it", async () => {
    const ws = platformWorkspace();
    const res = await productionTry(ws)(form({ website: "example.com", padding: "x".repeat(20_000) }));
    await expectError(res, 413, "BAD_REQUEST", /at most 4 KB/);
    expect(await nothingCreated(ws)).toEqual({ workspace: [], campaigns: [], renders: [] });
  });

  it("drops a form whose honeypot a bot filled", async () => {
    const ws = platformWorkspace();
    const res = await productionTry(ws)(form({ website: "example.com", nickname: "bot" }));
    await expectError(res, 400, "BAD_REQUEST", /nickname/);
    expect(await nothingCreated(ws)).toEqual({ workspace: [], campaigns: [], renders: [] });
  });

  it("refuses a post another site makes a visitor's browser send", async () => {
    const ws = platformWorkspace();
    const res = await productionTry(ws)(form({ website: "example.com" }), { origin: "https://evil.example" });
    await expectError(res, 403, "FORBIDDEN", /evil\.example/);
    expect(await nothingCreated(ws)).toEqual({ workspace: [], campaigns: [], renders: [] });
  });
});

describe("try it: reading what is not a sample", () => {
  it("answers 404 for a customer's render and its media, whatever the id", async () => {
    const tenant = await seedCampaign({ leads: 1, renderConcurrency: 0 });
    used.push(tenant.workspaceId);
    const renderId = tenant.renderIds[0] as string;
    await withDb((db) =>
      db
        .update(renders)
        .set({ state: "done", artifacts: { "video.mp4": "ws/x/renders/y/1/video.mp4" } })
        .where(eq(renders.id, renderId)),
    );
    const call = workerWith({});
    for (const path of [
      `/api/try/${renderId}`,
      `/api/try/${renderId}/video.mp4`,
      `/api/try/${renderId}/first-frame.jpg`,
    ]) {
      const res = await call(path);
      await expectError(res, 404, "NOT_FOUND", /does not exist/);
    }
    // Names other than the sample's media are not routes to anything.
    const report = await call(`/api/try/${renderId}/report.json`);
    expect(report.status).toBe(400);
    const traversal = await call(`/api/try/${renderId}/..%2F..%2Fws%2Fx`);
    expect(traversal.status).toBe(400);
  });
});
