import { type SceneSpecInput, SceneSpecSchema } from "@loom-lite/schema";
import type {
  Asset,
  BulkAction,
  Campaign,
  CampaignPage,
  CampaignProgress,
  EnqueuedRender,
  ImportReport,
  Lead,
  LeadInput,
  Me,
  Render,
  Session,
  User,
} from "./types";

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

async function errorFrom(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => "");
  try {
    const body = JSON.parse(text) as {
      error?: { code?: string; message?: string; requestId?: string };
      code?: string;
      message?: string;
    };
    if (body.error?.message) {
      return new ApiError(res.status, body.error.code ?? "ERROR", body.error.message, body.error.requestId);
    }
    if (body.message) return new ApiError(res.status, body.code ?? "ERROR", body.message);
  } catch {
    // Not JSON: fall through to the status line.
  }
  const looksLikeHtml = /^\s*</.test(text);
  const detail = looksLikeHtml || !text ? `${res.status} ${res.statusText || "error"}` : text.slice(0, 200);
  return new ApiError(res.status, `HTTP_${res.status}`, `The server answered ${detail}.`);
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: body === undefined ? { accept: "application/json" } : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw await errorFrom(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as T;
}

// ---- auth (better-auth, same-origin cookies) ----

export const getSession = () => request<Session>("GET", "/api/auth/get-session");
/** `callbackURL`: where the emailed verification link lands once opened (a dashboard address). */
export const signUp = (input: { name: string; email: string; password: string; callbackURL: string }) =>
  request<{ user: User }>("POST", "/api/auth/sign-up/email", input);
export const signIn = (input: { email: string; password: string }) =>
  request<{ user: User }>("POST", "/api/auth/sign-in/email", input);
export const signOut = () => request<unknown>("POST", "/api/auth/sign-out", {});

export const getMe = () => request<Me>("GET", "/api/me");

// ---- campaigns, leads, renders ----

const enc = encodeURIComponent;

export function listCampaigns(filter: { q?: string; status?: string; limit?: number; cursor?: string } = {}) {
  const params = new URLSearchParams();
  if (filter.q) params.set("q", filter.q);
  if (filter.status) params.set("status", filter.status);
  if (filter.cursor) params.set("cursor", filter.cursor);
  params.set("limit", String(filter.limit ?? 100));
  return request<CampaignPage>("GET", `/api/campaigns?${params}`);
}

export const bulkCampaigns = (action: BulkAction, ids: string[]) =>
  request<{ action: BulkAction; ids: string[]; queued: number }>("POST", "/api/campaigns/bulk", {
    action,
    ids,
  });

export const updateCampaign = (
  id: string,
  patch: Partial<Pick<Campaign, "name" | "status" | "spec">> & { landing?: Campaign["landing"] },
) => request<Campaign>("PATCH", `/api/campaigns/${enc(id)}`, patch);

export const getProgress = (id: string) =>
  request<CampaignProgress>("GET", `/api/campaigns/${enc(id)}/progress`);

export const cancelAllRenders = (id: string) =>
  request<{ cancelled: string[]; stopping: string[] }>(
    "POST",
    `/api/campaigns/${enc(id)}/renders/cancel`,
    {},
  );

export const retryFailed = (id: string) =>
  request<{ renders: EnqueuedRender[] }>("POST", `/api/campaigns/${enc(id)}/renders`, { only: "failed" });

export const importLeads = (id: string, csv: string, opts: { dryRun: boolean; validRowsOnly: boolean }) =>
  request<ImportReport>("POST", `/api/campaigns/${enc(id)}/leads/import`, {
    csv,
    dryRun: opts.dryRun,
    mode: opts.validRowsOnly ? "valid_rows" : "all_or_nothing",
  });

export const exportUrl = (id: string) => `/api/campaigns/${enc(id)}/leads/export`;
export const getCampaign = (id: string) =>
  request<Campaign>("GET", `/api/campaigns/${encodeURIComponent(id)}`);

/** Validates the spec with the shared contract first, so mistakes are named before a round trip. */
export function createCampaign(input: { name: string; spec: SceneSpecInput }): Promise<Campaign> {
  const parsed = SceneSpecSchema.safeParse(input.spec);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") || "spec";
    return Promise.reject(new ApiError(400, "BAD_REQUEST", `${where}: ${issue?.message ?? "invalid"}`));
  }
  return request<Campaign>("POST", "/api/campaigns", { name: input.name, spec: input.spec });
}

export const listLeads = (campaignId: string, cursor?: string) =>
  request<{ leads: Lead[]; nextCursor: string | null }>(
    "GET",
    `/api/campaigns/${enc(campaignId)}/leads?limit=200${cursor ? `&cursor=${enc(cursor)}` : ""}`,
  );
export const addLeads = (campaignId: string, leads: LeadInput[]) =>
  request<{ leads: Lead[] }>("POST", `/api/campaigns/${encodeURIComponent(campaignId)}/leads`, { leads });

export const updateLead = (id: string, fields: Record<string, string>) =>
  request<Lead>("PATCH", `/api/leads/${enc(id)}`, { fields });
export const deleteLead = (id: string) => request<void>("DELETE", `/api/leads/${enc(id)}`);

export const enqueueRenders = (campaignId: string, leadIds?: string[]) =>
  request<{ renders: EnqueuedRender[] }>(
    "POST",
    `/api/campaigns/${encodeURIComponent(campaignId)}/renders`,
    // Without ids: every lead of the campaign that has no finished video, loaded on screen or not.
    leadIds ? { leadIds } : { only: "unrendered" },
  );
/** A new render for every lead of the campaign, finished videos included (after the scenes changed). */
export const rerenderAll = (campaignId: string) =>
  request<{ renders: EnqueuedRender[] }>("POST", `/api/campaigns/${enc(campaignId)}/renders`, {});
export const getRender = (id: string) => request<Render>("GET", `/api/renders/${encodeURIComponent(id)}`);
export const cancelRender = (id: string) =>
  request<{ id: string; state: string }>("POST", `/api/renders/${encodeURIComponent(id)}/cancel`, {});

export const artifactUrl = (renderId: string, name: string) =>
  `/api/renders/${encodeURIComponent(renderId)}/artifacts/${encodeURIComponent(name)}`;

// ---- uploads ----

export interface Upload<T> {
  done: Promise<T>;
  abort(): void;
}

/**
 * Streams a file to POST /api/assets?kind=… with XMLHttpRequest, because fetch cannot report upload
 * progress. `onProgress` receives a fraction between 0 and 1.
 */
export function uploadAsset(file: File, kind: string, onProgress: (fraction: number) => void): Upload<Asset> {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Asset>((resolve, reject) => {
    xhr.open("POST", `/api/assets?kind=${encodeURIComponent(kind)}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader("content-type", file.type || "application/octet-stream");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const res = new Response(xhr.responseText, { status: xhr.status });
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        res.json().then((body) => resolve(body as Asset), reject);
      } else {
        errorFrom(res).then(reject, reject);
      }
    };
    xhr.onerror = () =>
      reject(new ApiError(0, "NETWORK", "The upload failed: the server could not be reached."));
    xhr.onabort = () => reject(new ApiError(0, "ABORTED", "The upload was cancelled."));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
