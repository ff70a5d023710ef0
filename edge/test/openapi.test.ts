import { describe, expect, it } from "vitest";
import { anonymous } from "./helpers/accounts";

interface OpenApiDoc {
  openapi: string;
  servers?: Array<{ url: string }>;
  paths: Record<
    string,
    Record<string, { operationId?: string; security?: unknown[]; responses: Record<string, unknown> }>
  >;
  components: { securitySchemes: Record<string, { type: string; scheme?: string }> };
}

describe("GET /api/openapi.json", () => {
  it("describes the product endpoints with their security, without authentication", async () => {
    const res = await anonymous("/api/openapi.json");
    const doc = (await res.json()) as OpenApiDoc;
    expect(res.status, JSON.stringify(doc).slice(0, 300)).toBe(200);
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    const expected: Array<[string, string]> = [
      ["/api/me", "get"],
      ["/api/keys", "post"],
      ["/api/keys", "get"],
      ["/api/keys/{id}", "delete"],
      ["/api/assets", "post"],
      ["/api/assets/{id}/content", "get"],
      ["/api/campaigns", "post"],
      ["/api/campaigns", "get"],
      ["/api/campaigns/{id}", "get"],
      ["/api/campaigns/{id}", "patch"],
      ["/api/campaigns/{id}", "delete"],
      ["/api/campaigns/{id}/leads", "post"],
      ["/api/campaigns/{id}/leads", "get"],
      ["/api/auth/sign-up/email", "post"],
      ["/api/campaigns/bulk", "post"],
      ["/api/campaigns/{id}/leads/import", "post"],
      ["/api/campaigns/{id}/leads/export", "get"],
      ["/api/campaigns/{id}/progress", "get"],
      ["/api/campaigns/{id}/renders/cancel", "post"],
      ["/api/leads/{id}", "get"],
      ["/api/leads/{id}", "patch"],
      ["/api/leads/{id}", "delete"],
      ["/api/me", "patch"],
      ["/api/me", "delete"],
      ["/api/me/password", "post"],
      ["/api/me/workspaces", "get"],
      ["/api/me/workspaces/{id}/switch", "post"],
      ["/api/workspace", "get"],
      ["/api/workspace", "patch"],
      ["/api/workspace/members", "get"],
      ["/api/workspace/invitations", "post"],
      ["/api/workspace/invitations", "get"],
      ["/api/workspace/invitations/{id}", "delete"],
      ["/api/invitations/{token}", "get"],
      ["/api/invitations/{token}/accept", "post"],
      ["/api/auth/request-password-reset", "post"],
      ["/api/auth/reset-password", "post"],
      ["/api/dev/mailbox", "get"],
      ["/api/campaigns/{id}/funnel", "get"],
      ["/api/leads/{id}/timeline", "get"],
      ["/api/analytics/watchers", "get"],
      ["/api/analytics/daily", "get"],
      ["/api/webhooks", "post"],
      ["/api/webhooks", "get"],
      ["/api/webhooks/{id}", "get"],
      ["/api/webhooks/{id}", "patch"],
      ["/api/webhooks/{id}", "delete"],
      ["/api/webhooks/{id}/deliveries", "get"],
      ["/api/webhooks/{id}/test", "post"],
      ["/api/domains", "post"],
      ["/api/domains", "get"],
      ["/api/domains/{id}", "get"],
      ["/api/domains/{id}/check", "post"],
      ["/api/domains/{id}", "delete"],
      ["/api/leads/{id}/email-snippet", "get"],
    ];
    for (const [path, method] of expected) {
      expect(
        doc.paths[path]?.[method],
        `${method.toUpperCase()} ${path} in ${Object.keys(doc.paths)}`,
      ).toBeDefined();
    }
    expect(doc.paths["/api/campaigns"]?.post?.security).toEqual([{ bearerAuth: [] }, { sessionCookie: [] }]);
  });
});

describe("the operations of /api/openapi.json", () => {
  it("each have a unique resource.verb operationId, an explicit security requirement, and a server", async () => {
    const res = await anonymous("/api/openapi.json");
    const doc = (await res.json()) as OpenApiDoc;
    expect(doc.servers?.length, JSON.stringify(doc.servers)).toBeGreaterThan(0);
    const ids = new Map<string, string>();
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(op.operationId, `${where} has no operationId`).toMatch(/^[a-z][a-zA-Z]*(\.[a-z][a-zA-Z]*)+$/);
        expect(ids.get(op.operationId as string), `${where} reuses an operationId`).toBeUndefined();
        ids.set(op.operationId as string, where);
        // Public operations say so with `security: []`; an absent key would mean "as the document says".
        expect(op.security, `${where} has no security requirement`).toBeInstanceOf(Array);
      }
    }
    expect(doc.paths["/api/campaigns"]?.get?.operationId).toBe("campaigns.list");
    expect(doc.paths["/api/campaigns/{id}/leads/import"]?.post?.operationId).toBe("leads.import");
    expect(doc.paths["/api/invitations/{token}"]?.get?.security).toEqual([]);
  });
});

describe("GET /api/docs", () => {
  it("is a self-contained HTML reference listing the endpoints", async () => {
    const res = await anonymous("/api/docs");
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(html).toContain("<code>/api/campaigns/{id}/leads</code>");
    expect(html).toContain("/api/openapi.json");
    expect(html).not.toMatch(/<script[^>]+src=/);
  });
});

describe("the committed contract (schema/openapi.json)", () => {
  it("is the document the Worker serves; regenerate it with `npm run openapi`", async () => {
    const res = await anonymous("/api/openapi.json");
    expect(res.status).toBe(200);
    const served = `${JSON.stringify(await res.json(), null, 2)}\n`;
    await expect(served, "schema/openapi.json is stale: run `npm run openapi`").toMatchFileSnapshot(
      "../../schema/openapi.json",
    );
  });
});
