import { randomUUID } from "node:crypto";
import path from "node:path";
import { FINAL_RENDER_STATES, type SceneSpecInput } from "@loom-lite/schema";
import { type ApiClient, ApiRequestError, createApiClient } from "@loom-lite/testkit/api-client";
import { freePort } from "@loom-lite/testkit/postgres";
import { type RunningRenderNode, startRenderNode } from "@loom-lite/testkit/render-node";
import { execa } from "execa";
import pg from "pg";
import { inject } from "vitest";

export const edgeUrl = () => inject("edgeUrl");
export const adminToken = () => inject("adminToken");

/**
 * A new user with a new workspace, signed in, email verified; each suite makes its own so no rows are
 * shared.
 */
export async function newAccount(): Promise<ApiClient> {
  const api = createApiClient(edgeUrl());
  const tag = randomUUID().slice(0, 8);
  const email = `rep-${tag}@example.test`;
  await api.signUp({ name: `Rep ${tag}`, email, password: `pw-${tag}-long-enough` });
  await api.verifyEmailFromDevMailbox(email);
  return api;
}

export interface CampaignSetup {
  campaignId: string;
  leadIds: string[];
}

/**
 * A campaign whose leads are pages of the test site, with the given facecam and scenes. `website` is the
 * leads' `{{website}}` field (default: the test site's home page).
 */
export async function createCampaign(
  api: ApiClient,
  opts: { facecam: "short" | "long"; leads: number; scenes?: SceneSpecInput["scenes"]; website?: string },
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
      fields: { first_name: `Lead${i}`, website: opts.website ?? `${inject("pagesUrl")}/index.html` },
    })),
  );
  return { campaignId: campaign.id, leadIds: leads.map((l) => l.id) };
}

export async function registerNode(name: string): Promise<string> {
  return (await registerNodeWithId(name)).token;
}

/** A new render node on the edge: its id (as `render_events.node_id` records it) and its token. */
export async function registerNodeWithId(name: string): Promise<{ id: string; token: string }> {
  const api = createApiClient(edgeUrl());
  const node = await api.createNode(
    { name: `${name}-${randomUUID().slice(0, 6)}`, capacity: 2 },
    adminToken(),
  );
  return { id: node.id, token: node.token };
}

const FINAL_SQL_LIST = FINAL_RENDER_STATES.map((s) => `'${s}'`).join(", ");

/**
 * Cancels, through the API, every render of the account's workspace that has not finished: a queued one
 * at once, an active one by flag (no node claims it again; the lease sweep ends it as cancelled).
 * Suites share the stack, so nothing a test leaves behind may reach another suite's nodes.
 */
export async function cancelUnfinishedRenders(api: ApiClient): Promise<string[]> {
  const { workspace } = await api.me();
  const open = await query<{ id: string }>(
    `select id from renders where workspace_id = $1 and state not in (${FINAL_SQL_LIST}) and not cancel_requested`,
    [workspace.id],
  );
  for (const { id } of open) {
    try {
      await api.cancelRender(id);
    } catch (err) {
      // It finished between the read and the cancel.
      if (!(err instanceof ApiRequestError && err.status === 409)) throw err;
    }
  }
  return open.map((r) => r.id);
}

/**
 * Cancels renders that earlier suites left unfinished, in any workspace, the way the cancel API does:
 * queued ones become cancelled, active ones are flagged so no node claims them again. For suites whose
 * nodes must see only their own renders; suites run one after another, so nothing else is running.
 */
export async function cancelLeftoverRenders(): Promise<string[]> {
  const rows = await query<{ id: string }>(
    `with queued as (
       update renders set state = 'cancelled', cancel_requested = true, finished_at = now(), updated_at = now()
       where state = 'queued' returning id, workspace_id, fence
     ), flagged as (
       update renders set cancel_requested = true, updated_at = now()
       where state not in ('queued', ${FINAL_SQL_LIST}) and not cancel_requested returning id
     ), events as (
       insert into render_events (render_id, workspace_id, kind, fence, detail)
       select id, workspace_id, 'cancelled', fence, '{"by": "test harness", "while": "queued"}'::jsonb from queued
     )
     select id from queued union all select id from flagged`,
  );
  return rows.map((r) => r.id);
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

/** The suites' one way to wait (vi.waitFor), imported from here with the rest of the harness. */
import { waitFor } from "@loom-lite/testkit/wait";

export { waitFor };

/** Waits until the lead's video is done (a failed render fails the wait at once, naming why). */
export async function waitForLeadVideo(api: ApiClient, campaignId: string, leadId: string): Promise<void> {
  await waitFor(
    "the lead's render to be done",
    async () => {
      const lead = (await api.getLeads(campaignId)).find((l) => l.id === leadId);
      if (lead?.render?.state === "failed") throw new Error(`render failed: ${lead.render.error}`);
      return lead?.render?.state === "done";
    },
    150_000,
    500,
  );
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
