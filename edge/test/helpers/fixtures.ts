import type { SceneSpecInput } from "@loom-lite/schema";
import { expect, inject } from "vitest";
import type { MediaSample } from "../media-samples";
import type { AuthedFetch } from "./accounts";

/** Stands in for a rendered video put straight into R2; uploads are checked by content and use `sample`. */
export const FAKE_MP4 = new Uint8Array(Array.from({ length: 4096 }, (_, i) => i % 251));

const samples = inject("mediaSamples");

/** A real media file made by ffmpeg in the global setup (test/media-samples.ts). */
export function sample(name: MediaSample): Uint8Array {
  return Uint8Array.from(atob(samples[name]), (ch) => ch.charCodeAt(0));
}

const DEFAULT_UPLOADS = {
  facecam: () => sample("mp4"),
  logo: () => sample("png"),
  photo: () => sample("jpeg"),
  csv: () => new TextEncoder().encode("first_name,website\nAda,example.com\n"),
};

export async function uploadAsset(
  call: AuthedFetch,
  kind: keyof typeof DEFAULT_UPLOADS = "facecam",
  body: Uint8Array = DEFAULT_UPLOADS[kind](),
  contentType = { facecam: "video/mp4", logo: "image/png", photo: "image/jpeg", csv: "text/csv" }[kind],
): Promise<{ id: string; kind: string; bytes: number; contentType: string }> {
  const res = await call(`/api/assets?kind=${kind}`, {
    method: "POST",
    headers: { "content-type": contentType },
    body,
  });
  const asset = (await res.json()) as { id: string; kind: string; bytes: number; contentType: string };
  expect(res.status, `POST /api/assets answered: ${JSON.stringify(asset)}`).toBe(201);
  return asset;
}

export function sceneSpec(facecam: string, overrides: Partial<SceneSpecInput> = {}): SceneSpecInput {
  return {
    facecam,
    scenes: [
      { url: "{{website}}", seconds: 5, actions: [{ type: "scroll", to: "bottom", seconds: 4 }] },
      { url: "{{website}}/pricing", seconds: 3, overlays: [{ text: "Hi {{first_name}}!", at: 0, until: 2 }] },
    ],
    ...overrides,
  };
}

export interface CampaignBody {
  id: string;
  name: string;
  status: string;
  spec: SceneSpecInput;
  landing: Record<string, unknown>;
}

/** Uploads a facecam and creates a campaign with two scenes on `{{website}}`. */
export async function createCampaign(
  call: AuthedFetch,
  body: { name?: string; spec?: Partial<SceneSpecInput>; landing?: Record<string, unknown> } = {},
): Promise<CampaignBody> {
  const facecam = await uploadAsset(call);
  const res = await call("/api/campaigns", {
    method: "POST",
    json: { name: body.name ?? "Outreach", spec: sceneSpec(facecam.id, body.spec), landing: body.landing },
  });
  const campaign = (await res.json()) as CampaignBody;
  expect(res.status, `POST /api/campaigns answered: ${JSON.stringify(campaign)}`).toBe(201);
  return campaign;
}

export interface LeadBody {
  id: string;
  slug: string;
  fields: Record<string, string>;
  landingUrl: string;
}

export async function addLeads(
  call: AuthedFetch,
  campaignId: string,
  leads: Array<Record<string, string>>,
): Promise<LeadBody[]> {
  const res = await call(`/api/campaigns/${campaignId}/leads`, {
    method: "POST",
    json: { leads: leads.map((fields) => ({ fields })) },
  });
  const body = (await res.json()) as { leads: LeadBody[] };
  expect(res.status, `POST leads answered: ${JSON.stringify(body)}`).toBe(201);
  return body.leads;
}

/** The error body every failure answers with. */
export async function expectError(
  res: Response,
  status: number,
  code: string,
  messagePart?: string | RegExp,
) {
  const body = (await res.json()) as { error?: { code: string; message: string; requestId: string } };
  expect(res.status, `answered: ${JSON.stringify(body)}`).toBe(status);
  expect(body.error?.code, JSON.stringify(body)).toBe(code);
  expect(body.error?.requestId, JSON.stringify(body)).toMatch(/^req_/);
  if (messagePart !== undefined) expect(body.error?.message).toMatch(messagePart);
  return body.error;
}
