import { randomUUID } from "node:crypto";
import path from "node:path";
import type { SceneSpecInput } from "@loom-lite/schema";
import { execa } from "execa";
import pg from "pg";
import { inject } from "vitest";
import { type ApiClient, createApiClient } from "../../scripts/lib/api-client";
import { freePort } from "../../scripts/lib/postgres";
import { type RunningRenderNode, startRenderNode } from "../../scripts/lib/render-node";

export const edgeUrl = () => inject("edgeUrl");
export const adminToken = () => inject("adminToken");

/** A new user with a new workspace, signed in; each suite makes its own so no rows are shared. */
export async function newAccount(): Promise<ApiClient> {
  const api = createApiClient(edgeUrl());
  const tag = randomUUID().slice(0, 8);
  await api.signUp({
    name: `Rep ${tag}`,
    email: `rep-${tag}@example.test`,
    password: `pw-${tag}-long-enough`,
  });
  return api;
}

export interface CampaignSetup {
  campaignId: string;
  leadIds: string[];
}

/** A campaign whose leads are pages of the test site, with the given facecam and scenes. */
export async function createCampaign(
  api: ApiClient,
  opts: { facecam: "short" | "long"; leads: number; scenes?: SceneSpecInput["scenes"] },
): Promise<CampaignSetup> {
  const facecam = inject("facecams")[opts.facecam];
  const asset = await api.uploadAsset(facecam.path, { kind: "facecam", contentType: "video/mp4" });
  const campaign = await api.createCampaign({
    name: `Campaign ${randomUUID().slice(0, 6)}`,
    spec: {
      facecam: asset.id,
      scenes: opts.scenes ?? [{ url: "{{website}}" }],
    },
  });
  const leads = await api.addLeads(
    campaign.id,
    Array.from({ length: opts.leads }, (_, i) => ({
      fields: { first_name: `Lead${i}`, website: `${inject("pagesUrl")}/index.html` },
    })),
  );
  return { campaignId: campaign.id, leadIds: leads.map((l) => l.id) };
}

export async function registerNode(name: string): Promise<string> {
  const api = createApiClient(edgeUrl());
  const node = await api.createNode(
    { name: `${name}-${randomUUID().slice(0, 6)}`, capacity: 2 },
    adminToken(),
  );
  return node.token;
}

export async function setGlobalCap(cap: number): Promise<void> {
  await createApiClient(edgeUrl()).setGlobalRenderCap(cap, adminToken());
}

/** A render node as its own OS process, polling the stack's Worker. */
export async function launchNode(
  name: string,
  opts: { slots?: number; workDir?: string } = {},
): Promise<RunningRenderNode & { workDir: string }> {
  const workDir =
    opts.workDir ?? path.join(inject("scratchDir"), "nodes", `${name}-${randomUUID().slice(0, 6)}`);
  const node = await startRenderNode({
    name,
    edgeUrl: edgeUrl(),
    token: await registerNode(name),
    port: await freePort(),
    log: () => {},
    env: {
      SLOTS: String(opts.slots ?? 1),
      WORK_DIR: workDir,
      RENDER_ALLOW_HOSTS: "127.0.0.1",
      HEARTBEAT_MS: "500",
      POLL_IDLE_MS: "300",
      MIN_FREE_DISK_MB: "64",
    },
    stopGraceMs: 5000,
  });
  return { ...node, workDir };
}

/** Polls until `check` returns a value; the error names what was last seen. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs: number,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${String(last)}`);
}

/** Runs one query against the stack's PostgreSQL (for audits the API does not expose). */
export async function query<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

export interface ProbedVideo {
  codec: string;
  pixFmt: string;
  width: number;
  height: number;
  frameRate: string;
  duration: number;
  hasAudio: boolean;
}

export async function ffprobe(file: string): Promise<ProbedVideo> {
  const { stdout } = await execa("ffprobe", [
    "-v",
    "error",
    "-show_streams",
    "-show_format",
    "-of",
    "json",
    file,
  ]);
  const info = JSON.parse(stdout) as {
    streams: {
      codec_type: string;
      codec_name: string;
      pix_fmt?: string;
      width?: number;
      height?: number;
      r_frame_rate?: string;
    }[];
    format: { duration: string };
  };
  const video = info.streams.find((s) => s.codec_type === "video");
  if (!video) throw new Error(`${file} has no video stream: ${stdout}`);
  return {
    codec: video.codec_name,
    pixFmt: video.pix_fmt ?? "",
    width: video.width ?? 0,
    height: video.height ?? 0,
    frameRate: video.r_frame_rate ?? "",
    duration: Number(info.format.duration),
    hasAudio: info.streams.some((s) => s.codec_type === "audio"),
  };
}
