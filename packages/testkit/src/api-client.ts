import { readFile } from "node:fs/promises";
import type { LandingSettings, SceneSpecInput } from "@loom-lite/schema";
import type { components, paths } from "@loom-lite/schema/api";
import createClient from "openapi-fetch";
import { CookieJar } from "tough-cookie";

// A typed HTTP client for the public API, used by the dev seed and the integration tests. It speaks
// to a running edge exactly as a browser would: better-auth session cookies (kept in a cookie jar and
// sent with an Origin header, which better-auth checks on writes) or an API key. Its types come from
// the API contract (schema/openapi.json, generated into @loom-lite/schema/api by `npm run openapi`).

/** The contract's named schemas: `Schemas["Campaign"]`, `Schemas["LeadWithRender"]`… */
export type Schemas = components["schemas"];

/** A non-2xx answer, with the API's error code and the body as received. */
export class ApiRequestError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly code: string,
    readonly body: string,
  ) {
    super(`${method} ${path} → ${status} ${code}: ${body.slice(0, 500)}`);
    this.name = "ApiRequestError";
  }
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as is (bytes) instead of JSON. */
  raw?: RequestInit["body"];
  headers?: Record<string, string>;
  /** `Authorization: Bearer …` for this call only (admin token, node token, API key). */
  bearer?: string;
}

export function createApiClient(baseUrl: string, opts: { apiKey?: string } = {}) {
  const base = baseUrl.replace(/\/$/, "");
  const jar = new CookieJar();

  /** Every call of `api` goes through here, so it carries the jar's cookies, the Origin and the API key. */
  async function send(request: Request): Promise<Response> {
    const headers = new Headers(request.headers);
    if (!headers.has("origin")) headers.set("origin", base);
    const cookie = await jar.getCookieString(request.url);
    if (cookie) headers.set("cookie", cookie);
    if (opts.apiKey && !headers.has("authorization")) headers.set("authorization", `Bearer ${opts.apiKey}`);
    const res = await fetch(new Request(request, { headers, redirect: "manual" }));
    for (const setCookie of res.headers.getSetCookie()) await jar.setCookie(setCookie, request.url);
    sentFor.set(res, request);
    return res;
  }
  /** Which request an answer is for, so errors name it. */
  const sentFor = new WeakMap<Response, Request>();

  /** Any call; answers the Response whatever its status. */
  async function raw(method: string, path: string, o: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json", ...o.headers };
    if (o.bearer) headers.authorization = `Bearer ${o.bearer}`;
    let body: RequestInit["body"] = o.raw;
    if (o.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(o.body);
    }
    return send(new Request(`${base}${path}`, { method, headers, body }));
  }

  /** The typed client of the contract, for any operation the helpers below do not cover. */
  const api = createClient<paths>({ baseUrl: base, fetch: send });

  /** The JSON answer of a call of `api`; anything but a 2xx throws an ApiRequestError. */
  async function answer<D>(call: Promise<{ data?: D; error?: unknown; response: Response }>): Promise<D> {
    const { data, error, response } = await call;
    if (!response.ok || error !== undefined) {
      const sent = sentFor.get(response);
      const body = typeof error === "string" ? error : JSON.stringify(error);
      const parsed: { error?: { code?: string }; code?: string } =
        error && typeof error === "object" ? error : {};
      throw new ApiRequestError(
        sent?.method ?? "",
        sent ? new URL(sent.url).pathname : "",
        response.status,
        parsed.error?.code ?? parsed.code ?? `HTTP_${response.status}`,
        body,
      );
    }
    if (data === undefined) throw new Error(`${response.url}: answered ${response.status} without a body`);
    return data;
  }

  /** `Authorization` for one call (admin token). */
  const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
  const byId = (id: string) => ({ params: { path: { id } } });

  /** A call that must succeed; answers the parsed JSON body (undefined for 204). */
  async function request<T>(method: string, path: string, o: RequestOptions = {}): Promise<T> {
    const res = await raw(method, path, o);
    const text = await res.text();
    if (!res.ok) {
      let code = `HTTP_${res.status}`;
      try {
        const parsed = JSON.parse(text) as { error?: { code?: string }; code?: string };
        code = parsed.error?.code ?? parsed.code ?? code;
      } catch {
        // The body is shown as received.
      }
      throw new ApiRequestError(method, path, res.status, code, text);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const id = encodeURIComponent;

  return {
    baseUrl: base,
    jar,
    raw,
    request,
    api,

    signUp: (input: { name: string; email: string; password: string }) =>
      answer(api.POST("/api/auth/sign-up/email", { body: input })),
    signIn: (input: { email: string; password: string }) =>
      answer(api.POST("/api/auth/sign-in/email", { body: input })),
    signOut: () => answer(api.POST("/api/auth/sign-out", { body: {} })),
    me: () => answer(api.GET("/api/me")),
    requestVerificationEmail: (email: string) =>
      answer(api.POST("/api/auth/send-verification-email", { body: { email } })),

    /**
     * Opens the newest verification link the dev mailbox (a local stack's outbox) holds for the address,
     * as the person reading that email would; the client is signed in as that user afterwards.
     */
    async verifyEmailFromDevMailbox(email: string, kind = "email_verification") {
      const { emails } = await answer(api.GET("/api/dev/mailbox", { params: { query: { limit: 200 } } }));
      const text = emails.find((e) => e.to === email.toLowerCase() && e.kind === kind)?.text ?? "";
      const link = /(https?:\/\/\S+)/.exec(text)?.[1];
      if (!link) throw new Error(`no ${kind} email to ${email} in the dev mailbox`);
      const url = new URL(link);
      const res = await raw("GET", `${url.pathname}${url.search}`);
      const location = res.headers.get("location") ?? "";
      if (res.status >= 400 || location.includes("error=")) {
        throw new ApiRequestError(
          "GET",
          url.pathname,
          res.status,
          "VERIFY_FAILED",
          location || (await res.text()),
        );
      }
    },

    createApiKey: (name: string) => answer(api.POST("/api/keys", { body: { name } })),

    createNode: (input: { name: string; capacity: number }, adminToken: string) =>
      answer(api.POST("/api/admin/nodes", { body: input, ...bearer(adminToken) })),
    listNodes: (adminToken: string) => answer(api.GET("/api/admin/nodes", bearer(adminToken))),
    setGlobalRenderCap: (globalRenderCap: number, adminToken: string) =>
      answer(api.PUT("/api/admin/settings", { body: { globalRenderCap }, ...bearer(adminToken) })),

    /** Uploads bytes, or the file at a path, as an asset of the signed-in workspace. */
    async uploadAsset(file: string | Uint8Array, o: { kind: string; contentType: string }) {
      const bytes = typeof file === "string" ? await readFile(file) : file;
      // Raw bytes, which the contract declares as a binary string: sent through `raw`, typed by its Asset.
      return request<Schemas["Asset"]>("POST", `/api/assets?kind=${id(o.kind)}`, {
        raw: bytes,
        headers: { "content-type": o.contentType },
      });
    },

    createCampaign: (input: { name: string; spec: SceneSpecInput; landing?: LandingSettings }) =>
      answer(api.POST("/api/campaigns", { body: input })),
    listCampaigns: async () => (await answer(api.GET("/api/campaigns"))).campaigns,
    getCampaign: (campaignId: string) => answer(api.GET("/api/campaigns/{id}", byId(campaignId))),

    addLeads: async (campaignId: string, leads: { fields: Record<string, string> }[]) =>
      (await answer(api.POST("/api/campaigns/{id}/leads", { ...byId(campaignId), body: { leads } }))).leads,
    getLeads: async (campaignId: string) =>
      (await answer(api.GET("/api/campaigns/{id}/leads", byId(campaignId)))).leads,

    enqueueRenders: async (campaignId: string, leadIds?: string[]) =>
      (
        await answer(
          api.POST("/api/campaigns/{id}/renders", { ...byId(campaignId), body: leadIds ? { leadIds } : {} }),
        )
      ).renders,
    /** Queues a site check (kind preflight) of the campaign's leads, or of `leadIds`. */
    checkSites: (campaignId: string, leadIds?: string[]) =>
      answer(
        api.POST("/api/campaigns/{id}/site-checks", {
          ...byId(campaignId),
          body: leadIds ? { leadIds } : {},
        }),
      ),
    getRender: (renderId: string) => answer(api.GET("/api/renders/{id}", byId(renderId))),
    cancelRender: (renderId: string) => answer(api.POST("/api/renders/{id}/cancel", byId(renderId))),
    /** An artifact's response as served (Range etc. through `headers`). */
    getArtifact: (renderId: string, name: string, headers?: Record<string, string>) =>
      raw("GET", `/api/renders/${id(renderId)}/artifacts/${id(name)}`, { headers }),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
