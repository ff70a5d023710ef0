import { readFile } from "node:fs/promises";
import type { LandingSettings, RenderState, SceneSpec, SceneSpecInput } from "@loom-lite/schema";
import { CookieJar } from "tough-cookie";

// A typed HTTP client for the public API, used by the dev seed and the integration tests. It speaks
// to a running edge exactly as a browser would: better-auth session cookies (kept in a cookie jar and
// sent with an Origin header, which better-auth checks on writes) or an API key.

export interface ApiUser {
  id: string;
  name: string;
  email: string;
  emailVerified?: boolean;
}
export interface ApiWorkspace {
  id: string;
  name: string;
  slug: string;
}
export interface ApiAsset {
  id: string;
  kind: string;
  bytes: number;
  contentType: string;
}
export interface ApiCampaign {
  id: string;
  name: string;
  status: string;
  spec: SceneSpec;
  landing: LandingSettings | null;
  createdAt: string;
}
export interface ApiLead {
  id: string;
  slug: string;
  fields: Record<string, string>;
  render: {
    id: string;
    state: RenderState;
    progress: number;
    stage?: string | null;
    error?: string | null;
  } | null;
}
export interface ApiRender {
  id: string;
  leadId: string;
  campaignId: string;
  state: RenderState;
  progress: number;
  attempts: number;
  error: string | null;
  errorCode: string | null;
  artifacts: Record<string, string>;
  durationMs: number | null;
  timings: Record<string, number> | null;
}
export interface ApiNode {
  id: string;
  name: string;
}

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
  /** Sent as is (Buffer/stream) instead of JSON. */
  raw?: RequestInit["body"];
  headers?: Record<string, string>;
  /** `Authorization: Bearer …` for this call only (admin token, node token, API key). */
  bearer?: string;
}

export function createApiClient(baseUrl: string, opts: { apiKey?: string } = {}) {
  const base = baseUrl.replace(/\/$/, "");
  const jar = new CookieJar();

  /** Any call; answers the Response whatever its status. */
  async function raw(method: string, path: string, o: RequestOptions = {}): Promise<Response> {
    const url = `${base}${path}`;
    const headers: Record<string, string> = { origin: base, accept: "application/json", ...o.headers };
    const cookie = await jar.getCookieString(url);
    if (cookie) headers.cookie = cookie;
    const bearer = o.bearer ?? opts.apiKey;
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    let body: RequestInit["body"] = o.raw;
    if (o.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(o.body);
    }
    const res = await fetch(url, { method, headers, body, redirect: "manual" });
    for (const setCookie of res.headers.getSetCookie()) await jar.setCookie(setCookie, url);
    return res;
  }

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

    signUp: (input: { name: string; email: string; password: string }) =>
      request<{ user: ApiUser }>("POST", "/api/auth/sign-up/email", { body: input }),
    signIn: (input: { email: string; password: string }) =>
      request<{ user: ApiUser }>("POST", "/api/auth/sign-in/email", { body: input }),
    signOut: () => request<unknown>("POST", "/api/auth/sign-out", { body: {} }),
    me: () => request<{ user: ApiUser; workspace: ApiWorkspace }>("GET", "/api/me"),
    requestVerificationEmail: (email: string) =>
      request<unknown>("POST", "/api/auth/send-verification-email", { body: { email } }),

    /**
     * Opens the newest verification link the dev mailbox (a local stack's outbox) holds for the address,
     * as the person reading that email would; the client is signed in as that user afterwards.
     */
    async verifyEmailFromDevMailbox(email: string, kind = "email_verification") {
      const { emails } = await request<{ emails: { to: string; kind: string; text: string }[] }>(
        "GET",
        "/api/dev/mailbox?limit=200",
      );
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

    createApiKey: (name: string) =>
      request<{ id: string; name: string; prefix: string; key: string }>("POST", "/api/keys", {
        body: { name },
      }),

    createNode: (input: { name: string; capacity: number }, adminToken: string) =>
      request<{ id: string; name: string; token: string }>("POST", "/api/admin/nodes", {
        body: input,
        bearer: adminToken,
      }),
    listNodes: (adminToken: string) =>
      request<{ nodes: ApiNode[] }>("GET", "/api/admin/nodes", { bearer: adminToken }),
    setGlobalRenderCap: (globalRenderCap: number, adminToken: string) =>
      request<{ globalRenderCap: number }>("PUT", "/api/admin/settings", {
        body: { globalRenderCap },
        bearer: adminToken,
      }),

    /** Uploads bytes, or the file at a path, as an asset of the signed-in workspace. */
    async uploadAsset(file: string | Uint8Array, o: { kind: string; contentType: string }) {
      const bytes = typeof file === "string" ? await readFile(file) : file;
      return request<ApiAsset>("POST", `/api/assets?kind=${id(o.kind)}`, {
        raw: bytes,
        headers: { "content-type": o.contentType },
      });
    },

    createCampaign: (input: { name: string; spec: SceneSpecInput; landing?: LandingSettings }) =>
      request<ApiCampaign>("POST", "/api/campaigns", { body: input }),
    listCampaigns: async () =>
      (await request<{ campaigns: ApiCampaign[] }>("GET", "/api/campaigns")).campaigns,
    getCampaign: (campaignId: string) => request<ApiCampaign>("GET", `/api/campaigns/${id(campaignId)}`),

    addLeads: async (campaignId: string, leads: { fields: Record<string, string> }[]) =>
      (
        await request<{ leads: ApiLead[] }>("POST", `/api/campaigns/${id(campaignId)}/leads`, {
          body: { leads },
        })
      ).leads,
    getLeads: async (campaignId: string) =>
      (await request<{ leads: ApiLead[] }>("GET", `/api/campaigns/${id(campaignId)}/leads`)).leads,

    enqueueRenders: async (campaignId: string, leadIds?: string[]) =>
      (
        await request<{ renders: { id: string; leadId: string; state: RenderState }[] }>(
          "POST",
          `/api/campaigns/${id(campaignId)}/renders`,
          { body: leadIds ? { leadIds } : {} },
        )
      ).renders,
    getRender: (renderId: string) => request<ApiRender>("GET", `/api/renders/${id(renderId)}`),
    cancelRender: (renderId: string) =>
      request<{ id: string; state: RenderState }>("POST", `/api/renders/${id(renderId)}/cancel`, {
        body: {},
      }),
    /** An artifact's response as served (Range etc. through `headers`). */
    getArtifact: (renderId: string, name: string, headers?: Record<string, string>) =>
      raw("GET", `/api/renders/${id(renderId)}/artifacts/${id(name)}`, { headers }),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
