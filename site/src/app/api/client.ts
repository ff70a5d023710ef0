import { type SceneSpecInput, SceneSpecSchema } from "@loom-lite/schema";
import createClient from "openapi-fetch";
import type { Asset, BulkAction, Campaign, LeadInput, paths } from "./schema";

/** An error answered by the API (`{ error: { code, message, requestId } }`) or by better-auth. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The typed client of the API contract; same-origin, so the session cookie goes along. */
export const api = createClient<paths>({ credentials: "same-origin" });

interface ErrorFields {
  error?: { code?: string; message?: string; requestId?: string };
  code?: string;
  message?: string;
}

/** `body`: the answer's body, parsed as JSON when it is JSON, else its text. */
function errorFrom(res: Response, body: unknown): ApiError {
  if (body && typeof body === "object") {
    const fields: ErrorFields = body;
    if (fields.error?.message) {
      return new ApiError(
        res.status,
        fields.error.code ?? "ERROR",
        fields.error.message,
        fields.error.requestId,
      );
    }
    if (fields.message) return new ApiError(res.status, fields.code ?? "ERROR", fields.message);
  }
  const text = typeof body === "string" ? body : "";
  const looksLikeHtml = /^\s*</.test(text);
  const detail = looksLikeHtml || !text ? `${res.status} ${res.statusText || "error"}` : text.slice(0, 200);
  return new ApiError(res.status, `HTTP_${res.status}`, `The server answered ${detail}.`);
}

/** The JSON answer of a call of `api`, or its error as an ApiError. */
export async function answer<D>(
  call: Promise<{ data?: D; error?: unknown; response: Response }>,
): Promise<D> {
  const { data, error, response } = await call;
  if (!response.ok || error !== undefined) throw errorFrom(response, error);
  if (data === undefined) {
    throw new ApiError(response.status, "EMPTY", "The server answered without a body.");
  }
  return data;
}

/** For calls answered with 204 No Content. */
export async function done(call: Promise<{ error?: unknown; response: Response }>): Promise<void> {
  const { error, response } = await call;
  if (!response.ok || error !== undefined) throw errorFrom(response, error);
}

// ---- auth (better-auth, same-origin cookies) ----

export const getSession = () => answer(api.GET("/api/auth/get-session"));
/** `callbackURL`: where the emailed verification link lands once opened (a dashboard address). */
export const signUp = (input: { name: string; email: string; password: string; callbackURL: string }) =>
  answer(api.POST("/api/auth/sign-up/email", { body: input }));
export const signIn = (input: { email: string; password: string }) =>
  answer(api.POST("/api/auth/sign-in/email", { body: input }));
export const signOut = () => answer(api.POST("/api/auth/sign-out", { body: {} }));

export const getMe = () => answer(api.GET("/api/me"));

// ---- campaigns, leads, renders ----

const enc = encodeURIComponent;
const byId = (id: string) => ({ params: { path: { id } } });

export function listCampaigns(
  filter: { q?: string; status?: Campaign["status"] | ""; limit?: number; cursor?: string } = {},
) {
  return answer(
    api.GET("/api/campaigns", {
      params: {
        query: {
          q: filter.q || undefined,
          status: filter.status || undefined,
          cursor: filter.cursor,
          limit: filter.limit ?? 100,
        },
      },
    }),
  );
}

export const bulkCampaigns = (action: BulkAction, ids: string[]) =>
  answer(api.POST("/api/campaigns/bulk", { body: { action, ids } }));

export const updateCampaign = (
  id: string,
  patch: Partial<Pick<Campaign, "name" | "status" | "spec">> & {
    landing?: Campaign["landing"];
    /** Merge fields the lead list will carry beyond the standard columns. */
    columns?: string[];
  },
) => answer(api.PATCH("/api/campaigns/{id}", { ...byId(id), body: patch }));

export const duplicateCampaign = (id: string) => answer(api.POST("/api/campaigns/{id}/duplicate", byId(id)));
/** The workspace's example campaign, made by the first call. */
export const openExampleCampaign = () => answer(api.POST("/api/campaigns/example"));

export const listFacecams = () => answer(api.GET("/api/facecams"));
export const renameFacecam = (id: string, name: string) =>
  answer(api.PATCH("/api/facecams/{id}", { ...byId(id), body: { name } }));
export const deleteFacecam = (id: string) => done(api.DELETE("/api/facecams/{id}", byId(id)));
/** The file itself, for a preview (the session cookie goes along; Range requests are served). */
export const assetContentUrl = (id: string) => `/api/assets/${enc(id)}/content`;

export const getProgress = (id: string) => answer(api.GET("/api/campaigns/{id}/progress", byId(id)));

export const cancelAllRenders = (id: string) =>
  answer(api.POST("/api/campaigns/{id}/renders/cancel", byId(id)));

export const retryFailed = (id: string) =>
  answer(api.POST("/api/campaigns/{id}/renders", { ...byId(id), body: { only: "failed" } }));

export const importLeads = (
  id: string,
  csv: string,
  opts: { dryRun: boolean; validRowsOnly: boolean; mapping?: Record<string, string | null> },
) =>
  answer(
    api.POST("/api/campaigns/{id}/leads/import", {
      ...byId(id),
      body: {
        csv,
        dryRun: opts.dryRun,
        mode: opts.validRowsOnly ? "valid_rows" : "all_or_nothing",
        ...(opts.mapping && Object.keys(opts.mapping).length > 0 ? { mapping: opts.mapping } : {}),
      },
    }),
  );

export const exportUrl = (id: string) => `/api/campaigns/${enc(id)}/leads/export`;
export const getCampaign = (id: string) => answer(api.GET("/api/campaigns/{id}", byId(id)));
export const getAsset = (id: string) => answer(api.GET("/api/assets/{id}", byId(id)));

/** Validates the spec with the shared contract first, so mistakes are named before a round trip. */
export function createCampaign(input: {
  name: string;
  spec: SceneSpecInput;
  columns?: string[];
}): Promise<Campaign> {
  const parsed = SceneSpecSchema.safeParse(input.spec);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // Named as the API would, so the form shows it beside the field.
    const where = ["spec", ...(issue?.path ?? [])].join(".");
    return Promise.reject(new ApiError(400, "BAD_REQUEST", `${where}: ${issue?.message ?? "invalid"}`));
  }
  const { name, spec, columns } = input;
  return answer(
    api.POST("/api/campaigns", { body: { name, spec, ...(columns?.length ? { columns } : {}) } }),
  );
}

export const listLeads = (campaignId: string, cursor?: string) =>
  answer(
    api.GET("/api/campaigns/{id}/leads", {
      params: { path: { id: campaignId }, query: { limit: 200, cursor } },
    }),
  );
export const addLeads = (campaignId: string, leads: LeadInput[]) =>
  answer(api.POST("/api/campaigns/{id}/leads", { ...byId(campaignId), body: { leads } }));

export const updateLead = (id: string, fields: Record<string, string>) =>
  answer(api.PATCH("/api/leads/{id}", { ...byId(id), body: { fields } }));
export const deleteLead = (id: string) => done(api.DELETE("/api/leads/{id}", byId(id)));

export const enqueueRenders = (campaignId: string, leadIds?: string[]) =>
  answer(
    api.POST("/api/campaigns/{id}/renders", {
      ...byId(campaignId),
      // Without ids: every lead of the campaign that has no finished video, loaded on screen or not.
      body: leadIds ? { leadIds } : { only: "unrendered" },
    }),
  );
export const getRender = (id: string) => answer(api.GET("/api/renders/{id}", byId(id)));
export const cancelRender = (id: string) => answer(api.POST("/api/renders/{id}/cancel", byId(id)));

export const artifactUrl = (renderId: string, name: string) =>
  `/api/renders/${encodeURIComponent(renderId)}/artifacts/${encodeURIComponent(name)}`;

// ---- uploads ----

/** `json` is JSON.parse's answer (untyped, like openapi-fetch's), or undefined when `text` is not JSON. */
function parseBody(text: string): { json?: Asset; text: string } {
  try {
    return { json: JSON.parse(text), text };
  } catch {
    return { text };
  }
}

export interface Upload<T> {
  done: Promise<T>;
  abort(): void;
}

/**
 * Streams a file to POST /api/assets?kind=… with XMLHttpRequest, because fetch cannot report upload
 * progress. `onProgress` receives a fraction between 0 and 1.
 */
export function uploadAsset(
  file: File,
  kind: string,
  onProgress: (fraction: number) => void,
  name?: string,
): Upload<Asset> {
  const xhr = new XMLHttpRequest();
  const query = new URLSearchParams({ kind, ...(name ? { name } : {}) });
  const done = new Promise<Asset>((resolve, reject) => {
    xhr.open("POST", `/api/assets?${query}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader("content-type", file.type || "application/octet-stream");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const res = new Response(null, { status: xhr.status });
      const body = parseBody(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        // The one answer read outside `api` (fetch cannot report upload progress): typed by the
        // contract's Asset, as openapi-fetch would.
        if (body.json) resolve(body.json);
        else reject(errorFrom(res, body.text));
      } else {
        reject(errorFrom(res, body.json ?? body.text));
      }
    };
    xhr.onerror = () =>
      reject(new ApiError(0, "NETWORK", "The upload failed: the server could not be reached."));
    xhr.onabort = () => reject(new ApiError(0, "ABORTED", "The upload was cancelled."));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
