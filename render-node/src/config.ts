import os from "node:os";
import path from "node:path";
import { MAX_VIDEO_SECONDS } from "@loom-lite/schema";
import { z } from "zod";

/** `a.test, b.test` → ["a.test", "b.test"]. */
export function parseHostList(value: string | readonly string[] | undefined): string[] {
  const items = typeof value === "string" ? value.split(",") : (value ?? []);
  return items.map((h) => h.trim().toLowerCase()).filter(Boolean);
}

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);

/** The render node's settings; every field has its environment variable in ENV_NAMES. */
/**
 * Longest a job that was told to stop (stalled, or the node is stopping) is given to wind down by
 * itself before the node goes on without it.
 */
export const JOB_WIND_DOWN_MS = 10_000;
/** How long a stop waits on each of its parts (poll loop, site-check browser, health server, error tracker). */
export const STOP_PART_MS = 10_000;

/** ENCODER: `auto` (NVENC where a trial encode works, else libx264), or one encoder. */
export const EncoderChoiceSchema = z.enum(["auto", "libx264", "h264_nvenc"]);

export const RenderNodeConfigSchema = z.object({
  edgeUrl: z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, "")),
  nodeToken: z.string().min(1),
  slots: int(1, 64).default(1),
  /** Health and metrics port on 127.0.0.1; 0 picks a free one. */
  port: int(0, 65535).default(9464),
  host: z.string().default("127.0.0.1"),
  workDir: z.string().min(1).default(path.join(os.tmpdir(), "loom-render-node")),
  heartbeatMs: int(100).default(2000),
  pollIdleMs: int(50).default(2000),
  keepFailedDays: z.coerce.number().min(0).default(3),
  minFreeDiskMb: z.coerce.number().min(0).default(1024),
  drainTimeoutMs: int(0).default(60_000),
  /** A job whose stage, progress and transfers stand still this long is abandoned and its slot freed. */
  jobStallMs: int(1000).default(5 * 60_000),
  /** Per attempt of a small call to the edge (claim, heartbeat, complete, fail). */
  edgeTimeoutMs: int(100).default(15_000),
  sweepIntervalMs: int(1000).default(60 * 60 * 1000),
  /** /health turns 503 after this long without a successful round trip to the edge. */
  healthStaleMs: int(1000).optional(),
  chromiumPath: z.string().min(1).optional(),
  ffmpegPath: z.string().min(1).optional(),
  ffprobePath: z.string().min(1).optional(),
  /** H.264 encoder: `auto` uses NVENC when a one-frame trial encode at start works, else libx264. */
  encoder: EncoderChoiceSchema.default("auto"),
  allowHosts: z
    .union([z.string(), z.array(z.string())])
    .default([])
    .transform(parseHostList),
  /** Page load timeout per scene. */
  navigationTimeoutMs: int(1000).default(30_000),
  /** How long a scene capture is reused for other leads of the same workspace (0: never). */
  captureCacheTtlS: int(0).default(900),
  /** Disk the capture cache may use before the least recently used captures go. */
  captureCacheMaxMb: int(1).default(1024),
  /** Wall-clock limit of one job, download to complete; default three times the longest video. */
  jobTimeoutMs: int(1000).default(3 * MAX_VIDEO_SECONDS * 1000),
  /** Memory one job's Chromium and ffmpeg processes may hold together before the job is stopped. */
  jobMemoryMb: int(64).default(3072),
  /** When the node runs as root, Chromium runs sandboxed as this user and group (65534: nobody). */
  browserUid: int(1, 2 ** 32 - 2).default(65534),
  browserGid: int(1, 2 ** 32 - 2).default(65534),
  version: z.string().max(64).default("render-node/0.1.0"),
  /** Bunny Storage: all four set sends artifacts there instead of R2 (through the edge). */
  bunnyStorageHost: z.string().min(1).optional(),
  bunnyStorageZone: z.string().min(1).optional(),
  bunnyStorageKey: z.string().min(1).optional(),
  bunnyCdnBaseUrl: z
    .url({ protocol: /^https?$/ })
    .transform((u) => u.replace(/\/+$/, ""))
    .optional(),
  /** Sentry's DSN; unset, no error leaves the machine (service/error-tracking.ts). */
  sentryDsn: z.url({ protocol: /^https?$/ }).optional(),
  sentryEnvironment: z.string().min(1).max(64).default("production"),
});
export type RenderNodeConfig = z.output<typeof RenderNodeConfigSchema>;
export type RenderNodeConfigInput = z.input<typeof RenderNodeConfigSchema>;

export const ENV_NAMES = {
  edgeUrl: "EDGE_URL",
  nodeToken: "NODE_TOKEN",
  slots: "SLOTS",
  port: "PORT",
  host: "HOST",
  workDir: "WORK_DIR",
  heartbeatMs: "HEARTBEAT_MS",
  pollIdleMs: "POLL_IDLE_MS",
  keepFailedDays: "KEEP_FAILED_DAYS",
  minFreeDiskMb: "MIN_FREE_DISK_MB",
  drainTimeoutMs: "DRAIN_TIMEOUT_MS",
  jobStallMs: "JOB_STALL_MS",
  edgeTimeoutMs: "EDGE_TIMEOUT_MS",
  sweepIntervalMs: "SWEEP_INTERVAL_MS",
  healthStaleMs: "HEALTH_STALE_MS",
  chromiumPath: "CHROMIUM_PATH",
  ffmpegPath: "FFMPEG_PATH",
  ffprobePath: "FFPROBE_PATH",
  encoder: "ENCODER",
  allowHosts: "RENDER_ALLOW_HOSTS",
  navigationTimeoutMs: "NAVIGATION_TIMEOUT_MS",
  captureCacheTtlS: "RENDER_CACHE_TTL_S",
  captureCacheMaxMb: "RENDER_CACHE_MAX_MB",
  jobTimeoutMs: "JOB_TIMEOUT_MS",
  jobMemoryMb: "JOB_MEMORY_MB",
  browserUid: "BROWSER_UID",
  browserGid: "BROWSER_GID",
  version: "NODE_VERSION_LABEL",
  bunnyStorageHost: "BUNNY_STORAGE_HOST",
  bunnyStorageZone: "BUNNY_STORAGE_ZONE",
  bunnyStorageKey: "BUNNY_STORAGE_KEY",
  bunnyCdnBaseUrl: "BUNNY_CDN_BASE_URL",
  sentryDsn: "SENTRY_DSN",
  sentryEnvironment: "SENTRY_ENVIRONMENT",
} as const satisfies Record<keyof RenderNodeConfig, string>;

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

function describeIssues(issues: readonly z.core.$ZodIssue[], nameOf: (key: string) => string, raw: object) {
  return issues
    .map((issue) => {
      const key = String(issue.path[0] ?? "");
      const value = (raw as Record<string, unknown>)[key];
      const shown =
        value === undefined
          ? "not set"
          : key === "nodeToken" || key === "sentryDsn"
            ? "value hidden"
            : `got ${JSON.stringify(value)}`;
      return `  - ${nameOf(key)}: ${issue.message} (${shown})`;
    })
    .join("\n");
}

const BUNNY_KEYS = ["bunnyStorageHost", "bunnyStorageZone", "bunnyStorageKey", "bunnyCdnBaseUrl"] as const;

/** Bunny is on with all four settings and off with none; a partial set names what is missing. */
function bunnyProblem(config: RenderNodeConfig, nameOf: (key: string) => string): string | undefined {
  const set = BUNNY_KEYS.filter((k) => config[k] !== undefined);
  if (set.length === 0 || set.length === BUNNY_KEYS.length) return undefined;
  const missing = BUNNY_KEYS.filter((k) => config[k] === undefined).map(nameOf);
  return `  - ${missing.join(", ")}: required when ${set.map(nameOf).join(", ")} is set (Bunny Storage needs all four)`;
}

/** Validates settings given in code (tests, embedding); errors name the fields. */
export function parseConfig(input: RenderNodeConfigInput): RenderNodeConfig {
  const result = RenderNodeConfigSchema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      `Invalid render node settings:\n${describeIssues(result.error.issues, (k) => k, input)}`,
    );
  }
  const bunny = bunnyProblem(result.data, (k) => k);
  if (bunny) throw new ConfigError(`Invalid render node settings:\n${bunny}`);
  return result.data;
}

/** Reads the settings from environment variables; errors name the variables. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): RenderNodeConfig {
  const raw: Record<string, string> = {};
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const value = env[name];
    if (value !== undefined && value.trim() !== "") raw[key] = value.trim();
  }
  const result = RenderNodeConfigSchema.safeParse(raw);
  if (!result.success) {
    const nameOf = (key: string) => ENV_NAMES[key as keyof typeof ENV_NAMES] ?? key;
    throw new ConfigError(
      `Invalid render node environment:\n${describeIssues(result.error.issues, nameOf, raw)}`,
    );
  }
  const bunny = bunnyProblem(result.data, (k) => ENV_NAMES[k as keyof typeof ENV_NAMES] ?? k);
  if (bunny) throw new ConfigError(`Invalid render node environment:\n${bunny}`);
  return result.data;
}
