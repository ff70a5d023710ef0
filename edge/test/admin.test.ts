import { env } from "cloudflare:test";
import { renderNodes, renders } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../src/services/api-keys";
import { anonymous, authed, signUp } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { expectError } from "./helpers/fixtures";
import { adminCall, nodeClient, registerNode, retire, seedCampaign } from "./helpers/render-world";

/** A session of a user the admin token made an operator (a fresh, verified account). */
async function operatorCookie(): Promise<string> {
  const account = await signUp("Operator");
  const res = await adminCall("/api/admin/operators", { method: "POST", json: { email: account.email } });
  expect(res.status, await res.clone().text()).toBe(201);
  return account.cookie;
}

/** Every operator endpoint; `nodeId` is an existing node the node endpoints would act on. */
const adminRoutes = (nodeId: string): Array<[string, string, unknown?]> => [
  ["POST", "/api/admin/nodes", { name: "never-created", capacity: 1 }],
  ["GET", "/api/admin/nodes"],
  ["GET", "/api/admin/contact-requests"],
  ["POST", `/api/admin/nodes/${nodeId}/rotate-token`],
  ["POST", `/api/admin/nodes/${nodeId}/revoke`],
  ["GET", "/api/admin/settings"],
  ["PUT", "/api/admin/settings", { globalRenderCap: 999 }],
  ["GET", "/api/admin/gate"],
  ["GET", "/api/admin/media?prefix=ws/"],
  ["GET", "/api/admin/operators"],
  ["POST", "/api/admin/operators", { email: "nobody@example.test" }],
  ["DELETE", "/api/admin/operators/nobody"],
];

/** The node's row as stored, to show a refused call changed nothing. */
const nodeRow = async (id: string) =>
  (await withDb((db) => db.select().from(renderNodes).where(eq(renderNodes.id, id))))[0];

/** 404 for an unknown render means the node's token was accepted; 401 that it was refused. */
const tokenStatus = async (token: string) =>
  (await nodeClient(token).heartbeat("rnd_unknown", { fence: 1, stage: "capturing", progress: 0 })).status;

describe("operator authentication", () => {
  it("answers 401 without credentials, with a wrong token or an API key, and 403 to a non-operator", async () => {
    const user = await signUp();
    const target = await registerNode();
    const targetBefore = await nodeRow(target.id);
    const before = await (await adminCall("/api/admin/settings")).json();
    for (const [method, path, json] of adminRoutes(target.id)) {
      await expectError(await anonymous(path, { method, json }), 401, "UNAUTHORIZED");
      await expectError(
        await anonymous(path, { method, json, headers: { authorization: `Bearer ${env.ADMIN_TOKEN}x` } }),
        401,
        "UNAUTHORIZED",
      );
      await expectError(await authed(user.apiKey)(path, { method, json }), 401, "UNAUTHORIZED");
      await expectError(await authed(user.cookie)(path, { method, json }), 403, "FORBIDDEN");
    }
    expect(await (await adminCall("/api/admin/settings")).json()).toEqual(before);
    const created = await withDb((db) =>
      db.select().from(renderNodes).where(eq(renderNodes.name, "never-created")),
    );
    expect(created).toEqual([]);
    // Nobody rotated or revoked the node: same token hash, not revoked, its token still works.
    expect(await nodeRow(target.id)).toEqual(targetBefore);
    expect(await tokenStatus(target.token)).toBe(404);
  });

  it("lets in the admin token and a session of a user granted operator rights", async () => {
    const byToken = await adminCall("/api/admin/settings");
    expect(byToken.status).toBe(200);
    const bySession = await authed(await operatorCookie())("/api/admin/settings");
    const body = (await bySession.json()) as { globalRenderCap: number };
    expect(bySession.status, JSON.stringify(body)).toBe(200);
    expect(body.globalRenderCap).toEqual(expect.any(Number));
  });
});

describe("operators", () => {
  interface OperatorBody {
    userId: string;
    email: string;
    grantedBy: string | null;
    grantedAt: string;
  }
  const listOperators = async (call: (path: string) => Promise<Response>) => {
    const res = await call("/api/admin/operators");
    const body = (await res.json()) as { operators: OperatorBody[] };
    expect(res.status, JSON.stringify(body)).toBe(200);
    return body.operators;
  };

  it("are granted by the admin token or an operator, listed, and revoked with immediate effect", async () => {
    const first = await signUp("First Operator");
    const second = await signUp("Second Operator");
    await expectError(await authed(first.cookie)("/api/admin/settings"), 403, "FORBIDDEN");

    const granted = await adminCall("/api/admin/operators", { method: "POST", json: { email: first.email } });
    const firstOp = (await granted.json()) as OperatorBody;
    expect(granted.status, JSON.stringify(firstOp)).toBe(201);
    expect(firstOp).toMatchObject({ userId: first.userId, email: first.email, grantedBy: null });
    expect((await authed(first.cookie)("/api/admin/settings")).status).toBe(200);

    // An operator grants another; granting again changes nothing.
    const byOperator = await authed(first.cookie)("/api/admin/operators", {
      method: "POST",
      json: { email: second.email.toUpperCase() },
    });
    expect(byOperator.status, await byOperator.clone().text()).toBe(201);
    expect(await byOperator.json()).toMatchObject({ userId: second.userId, grantedBy: first.email });
    const again = await adminCall("/api/admin/operators", { method: "POST", json: { email: second.email } });
    expect(again.status).toBe(200);
    const listed = await listOperators(authed(second.cookie));
    expect(listed.filter((o) => [first.userId, second.userId].includes(o.userId))).toHaveLength(2);

    const revoked = await authed(second.cookie)(`/api/admin/operators/${first.userId}`, { method: "DELETE" });
    expect(revoked.status, await revoked.clone().text()).toBe(204);
    await expectError(await authed(first.cookie)("/api/admin/settings"), 403, "FORBIDDEN");
    expect((await listOperators(adminCall)).map((o) => o.userId)).not.toContain(first.userId);
    await expectError(
      await adminCall(`/api/admin/operators/${first.userId}`, { method: "DELETE" }),
      404,
      "NOT_FOUND",
    );
  });

  it("answers 404 for an unknown email and 400 naming the field, granting nothing", async () => {
    const before = await listOperators(adminCall);
    await expectError(
      await adminCall("/api/admin/operators", { method: "POST", json: { email: "no-such@example.test" } }),
      404,
      "NOT_FOUND",
      /email/,
    );
    await expectError(
      await adminCall("/api/admin/operators", { method: "POST", json: { email: "not an email" } }),
      400,
      "BAD_REQUEST",
      /email/,
    );
    expect(await listOperators(adminCall)).toEqual(before);
  });
});

describe("render nodes", () => {
  it("registers a node with a token shown once and stored only as its hash", async () => {
    const name = `render-${crypto.randomUUID().slice(0, 8)}`;
    const res = await adminCall("/api/admin/nodes", { method: "POST", json: { name, capacity: 3 } });
    const created = (await res.json()) as { id: string; name: string; capacity: number; token: string };
    expect(res.status, JSON.stringify(created)).toBe(201);
    expect(created).toMatchObject({ name, capacity: 3 });
    expect(created.id).toMatch(/^nd_/);
    expect(created.token).toMatch(/^ll_node_[0-9A-Za-z]{40}$/);

    const [row] = await withDb((db) => db.select().from(renderNodes).where(eq(renderNodes.id, created.id)));
    expect(row?.tokenHash).toBe(await sha256Hex(created.token));
    expect(row?.tokenPrefix).toBe(created.token.slice(0, 12));
    expect(JSON.stringify(row)).not.toContain(created.token);

    await expectError(
      await adminCall("/api/admin/nodes", { method: "POST", json: { name, capacity: 1 } }),
      409,
      "CONFLICT",
    );
    const listed = (await (await adminCall("/api/admin/nodes")).json()) as {
      nodes: Array<Record<string, unknown>>;
    };
    const mine = listed.nodes.filter((n) => n.name === name);
    expect(mine).toHaveLength(1);
    expect(mine[0]).not.toHaveProperty("token");
  });

  it("answers 400 naming the field for a malformed node", async () => {
    for (const [json, field] of [
      [{ name: "x", capacity: 0 }, /capacity/],
      [{ name: "", capacity: 1 }, /name/],
      [{ capacity: 1 }, /name/],
    ] as const) {
      await expectError(
        await adminCall("/api/admin/nodes", { method: "POST", json }),
        400,
        "BAD_REQUEST",
        field,
      );
    }
  });

  it("shows when each node was last seen, its version, and the renders it holds", async () => {
    const node = await registerNode();
    const client = nodeClient(node.token);
    const listNode = async () =>
      (
        (await (await adminCall("/api/admin/nodes")).json()) as { nodes: Array<Record<string, unknown>> }
      ).nodes.find((n) => n.id === node.id);
    expect(await listNode()).toMatchObject({ lastSeenAt: null, version: null, renders: [] });

    // Any authenticated call counts as a sign of life; the version comes from the x-node-version header.
    const seen = await client.call("/nodes/v1/renders/rnd_unknown/heartbeat", {
      method: "POST",
      headers: { "x-node-version": "render-node/9.9.9" },
      json: { fence: 1, stage: "capturing", progress: 0 },
    });
    expect(seen.status).toBe(404);
    const after = await listNode();
    expect(after?.version).toBe("render-node/9.9.9");
    expect(Date.parse(after?.lastSeenAt as string)).toBeGreaterThan(Date.now() - 60_000);

    // A render this node is working on (paused workspace, lease far away, so no claim or sweep touches it).
    const seeded = await seedCampaign({ renderConcurrency: 0 });
    const renderId = seeded.renderIds[0] as string;
    await withDb((db) =>
      db
        .update(renders)
        .set({
          state: "composing",
          nodeId: node.id,
          progress: 0.6,
          leaseExpiresAt: new Date(Date.now() + 3_600_000),
        })
        .where(eq(renders.id, renderId)),
    );
    expect((await listNode())?.renders).toEqual([
      { id: renderId, workspaceId: seeded.workspaceId, state: "composing", progress: 0.6 },
    ]);
    await retire([seeded.workspaceId]);
  });
});

describe("node token rotation and revocation", () => {
  it("rotates a token: the new one is shown once and works, the old one is refused at once", async () => {
    const node = await registerNode();
    expect(await tokenStatus(node.token)).toBe(404);

    const res = await adminCall(`/api/admin/nodes/${node.id}/rotate-token`, { method: "POST" });
    const rotated = (await res.json()) as { id: string; name: string; capacity: number; token: string };
    expect(res.status, JSON.stringify(rotated)).toBe(200);
    expect(rotated).toMatchObject({ id: node.id, capacity: 2 });
    expect(rotated.token).toMatch(/^ll_node_[0-9A-Za-z]{40}$/);
    expect(rotated.token).not.toBe(node.token);

    const row = await nodeRow(node.id);
    expect(row?.tokenHash).toBe(await sha256Hex(rotated.token));
    expect(row?.tokenPrefix).toBe(rotated.token.slice(0, 12));
    expect(JSON.stringify(row)).not.toContain(rotated.token);
    expect(await tokenStatus(node.token), "the old token").toBe(401);
    expect(await tokenStatus(rotated.token), "the new token").toBe(404);

    const listed = (await (await adminCall("/api/admin/nodes")).json()) as {
      nodes: Array<Record<string, unknown>>;
    };
    const shown = listed.nodes.find((n) => n.id === node.id);
    expect(shown).toMatchObject({ tokenPrefix: rotated.token.slice(0, 12), revokedAt: null });
    expect(shown).not.toHaveProperty("token");
  });

  it("revokes a node: its token answers 401, the list says since when, and a rotation brings it back", async () => {
    const node = await registerNode();
    const res = await adminCall(`/api/admin/nodes/${node.id}/revoke`, { method: "POST" });
    const revoked = (await res.json()) as { id: string; revokedAt: string | null };
    expect(res.status, JSON.stringify(revoked)).toBe(200);
    expect(revoked).toMatchObject({ id: node.id, revokedAt: expect.any(String) });
    expect(Date.parse(revoked.revokedAt as string)).toBeGreaterThan(Date.now() - 60_000);
    expect(await tokenStatus(node.token)).toBe(401);

    // Revoking again keeps the first time.
    const again = (await (
      await adminCall(`/api/admin/nodes/${node.id}/revoke`, { method: "POST" })
    ).json()) as { revokedAt: string };
    expect(again.revokedAt).toBe(revoked.revokedAt);

    const rotated = (await (
      await adminCall(`/api/admin/nodes/${node.id}/rotate-token`, { method: "POST" })
    ).json()) as { token: string };
    expect(await tokenStatus(rotated.token)).toBe(404);
    expect(await tokenStatus(node.token), "the revoked token stays dead").toBe(401);
    expect((await nodeRow(node.id))?.revokedAt).toBeNull();
  });

  it("answers 404 for an unknown node and 400 naming the id for a malformed one, changing nothing", async () => {
    for (const action of ["rotate-token", "revoke"]) {
      await expectError(
        await adminCall(`/api/admin/nodes/nd_doesnotexist/${action}`, { method: "POST" }),
        404,
        "NOT_FOUND",
      );
      await expectError(
        await adminCall(`/api/admin/nodes/${"x".repeat(65)}/${action}`, { method: "POST" }),
        400,
        "BAD_REQUEST",
        /id/,
      );
    }
    const ids = await withDb((db) =>
      db.select({ id: renderNodes.id }).from(renderNodes).where(eq(renderNodes.id, "nd_doesnotexist")),
    );
    expect(ids).toEqual([]);
  });
});

describe("settings, gate and media", () => {
  it("reads the settings and refuses a malformed change without applying it", async () => {
    const before = (await (await adminCall("/api/admin/settings")).json()) as { globalRenderCap: number };
    expect(before).toEqual({ globalRenderCap: expect.any(Number) });
    for (const json of [{ globalRenderCap: -1 }, { globalRenderCap: "many" }, {}, { globalRenderCap: 1.5 }]) {
      await expectError(
        await adminCall("/api/admin/settings", { method: "PUT", json }),
        400,
        "BAD_REQUEST",
        /globalRenderCap/,
      );
    }
    expect(await (await adminCall("/api/admin/settings")).json()).toEqual(before);
  });

  it("shows the gate's permits", async () => {
    const res = await adminCall("/api/admin/gate");
    const body = (await res.json()) as { now: number; permits: unknown[] };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.now).toBeGreaterThan(0);
    expect(Array.isArray(body.permits)).toBe(true);
  });

  it("lists stored media under a prefix", async () => {
    const prefix = `ws/ws_media_${crypto.randomUUID().slice(0, 8)}/renders/`;
    await env.MEDIA.put(`${prefix}rnd_a/1/video.mp4`, new Uint8Array(1234));
    await env.MEDIA.put(`${prefix}rnd_b/2/poster.jpg`, new Uint8Array(56));
    const res = await adminCall(`/api/admin/media?prefix=${encodeURIComponent(prefix)}`);
    const body = (await res.json()) as {
      objects: Array<{ key: string; size: number }>;
      cursor: string | null;
    };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.objects.map(({ key, size }) => ({ key, size }))).toEqual([
      { key: `${prefix}rnd_a/1/video.mp4`, size: 1234 },
      { key: `${prefix}rnd_b/2/poster.jpg`, size: 56 },
    ]);
    expect(body.cursor).toBeNull();
    await expectError(await adminCall("/api/admin/media"), 400, "BAD_REQUEST", /prefix/);
  });
});

describe("OpenAPI document", () => {
  it("lists the render, node-protocol and operator endpoints with their security", async () => {
    const res = await anonymous("/api/openapi.json");
    const doc = (await res.json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(res.status).toBe(200);
    const expected: Array<[string, string, unknown[]]> = [
      ["/api/campaigns/{id}/renders", "post", [{ bearerAuth: [] }, { sessionCookie: [] }]],
      ["/api/campaigns/{id}/renders", "get", [{ bearerAuth: [] }, { sessionCookie: [] }]],
      ["/api/renders/{id}", "get", [{ bearerAuth: [] }, { sessionCookie: [] }]],
      ["/api/renders/{id}/cancel", "post", [{ bearerAuth: [] }, { sessionCookie: [] }]],
      ["/api/renders/{id}/artifacts/{name}", "get", [{ bearerAuth: [] }, { sessionCookie: [] }]],
      ["/nodes/v1/claim", "post", [{ nodeToken: [] }]],
      ["/nodes/v1/renders/{id}/heartbeat", "post", [{ nodeToken: [] }]],
      ["/nodes/v1/renders/{id}/artifacts/{name}", "put", [{ nodeToken: [] }]],
      ["/nodes/v1/renders/{id}/complete", "post", [{ nodeToken: [] }]],
      ["/nodes/v1/renders/{id}/fail", "post", [{ nodeToken: [] }]],
      ["/nodes/v1/assets/{id}", "get", [{ nodeToken: [] }]],
      ["/api/admin/nodes", "post", [{ adminToken: [] }, { sessionCookie: [] }]],
      ["/api/admin/settings", "put", [{ adminToken: [] }, { sessionCookie: [] }]],
      ["/api/admin/nodes/{id}/rotate-token", "post", [{ adminToken: [] }, { sessionCookie: [] }]],
      ["/api/admin/nodes/{id}/revoke", "post", [{ adminToken: [] }, { sessionCookie: [] }]],
    ];
    for (const [path, method, security] of expected) {
      expect(doc.paths[path]?.[method]?.security, `${method} ${path} in ${Object.keys(doc.paths)}`).toEqual(
        security,
      );
    }
    expect(Object.keys(doc.components.securitySchemes)).toEqual(
      expect.arrayContaining(["nodeToken", "adminToken"]),
    );
  });
});
