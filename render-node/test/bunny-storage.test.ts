import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  FAKE_BUNNY_KEY,
  FAKE_BUNNY_ZONE,
  type FakeThirdParties,
  startFakeThirdParties,
} from "@loom-lite/testkit/fake-third-parties";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, configFromEnv } from "../src/config";
import { RenderError } from "../src/core/errors";
import { silentLogger } from "../src/log";
import { EdgeHttpError } from "../src/service/edge-client";
import { type BunnyEdge, bunnyPublisher } from "../src/stages/publish/artifact-publisher";
import { BunnyStorage, BunnyStorageError, fileSha256 } from "../src/stages/publish/bunny-storage";

let fake: FakeThirdParties;
let dir: string;
let video: string;
let videoBytes: Buffer;

const storage = (accessKey = FAKE_BUNNY_KEY, fetchImpl?: typeof fetch) =>
  new BunnyStorage({
    host: fake.url,
    zone: FAKE_BUNNY_ZONE,
    accessKey,
    retries: 2,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });

const listed = async () =>
  (await (await fetch(`${fake.url}/_fake/bunny/objects`)).json()) as Array<{ key: string; size: number }>;
const read = (key: string) =>
  fetch(`${fake.url}/${FAKE_BUNNY_ZONE}/${key}`, { headers: { AccessKey: FAKE_BUNNY_KEY } });

/**
 * The edge's side of publishing, in process: the edge itself is proven in the integration suite
 * (tests/integration/bunny-media.test.ts); here it only records the calls and answers the edge's keys.
 */
function edgeStandIn(options: { refuse?: string } = {}) {
  const calls: string[] = [];
  const edge: BunnyEdge & { calls: string[] } = {
    calls,
    async announceBunnyUpload(renderId, body) {
      calls.push(`announce ${renderId} ${body.name} fence ${body.fence} zone ${body.zone}`);
      if (options.refuse) throw new EdgeHttpError(400, "BAD_REQUEST", options.refuse);
      return { key: `ws/ws_1/renders/${renderId}/${body.fence}/${body.name}` };
    },
    async uploadArtifact(renderId, name, _file, fence, contentType) {
      calls.push(`R2 ${renderId} ${name} fence ${fence} ${contentType}`);
    },
  };
  return edge;
}

const target = (edge: BunnyEdge, bunny = storage()) => ({
  bunny,
  cdnBaseUrl: "https://cdn.example.test/",
  zone: FAKE_BUNNY_ZONE,
  edge,
  logger: silentLogger,
});

beforeAll(async () => {
  fake = await startFakeThirdParties();
  dir = await mkdtemp(path.join(os.tmpdir(), "bunny-test-"));
  video = path.join(dir, "video.mp4");
  videoBytes = randomBytes(3 * 1024 * 1024 + 17);
  await writeFile(video, videoBytes);
});
afterAll(async () => {
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("Bunny Storage publisher against a server speaking Bunny's HTTP API", () => {
  it("announces each public artifact to the edge before its PUT, streams it under the edge's key with a checksum, and tells complete where they are", async () => {
    const seen: Array<{ url: string; headers: Headers }> = [];
    const spy: typeof fetch = (input, init) => {
      seen.push({ url: String(input), headers: new Headers(init?.headers) });
      edge.calls.push(`PUT ${String(input).split(`/${FAKE_BUNNY_ZONE}/`)[1]}`);
      return fetch(input, init);
    };
    const edge = edgeStandIn();
    const publisher = bunnyPublisher(target(edge, storage(FAKE_BUNNY_KEY, spy)), { renderId: "rnd_1" }, 3);
    const signal = new AbortController().signal;
    await publisher.put("video.mp4", video, signal);

    const key = "ws/ws_1/renders/rnd_1/3/video.mp4";
    expect(edge.calls).toEqual([`announce rnd_1 video.mp4 fence 3 zone ${FAKE_BUNNY_ZONE}`, `PUT ${key}`]);
    const res = await read(key);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("video/mp4");
    expect(Buffer.from(await res.arrayBuffer()).equals(videoBytes)).toBe(true);

    const put = seen.find((s) => s.url.endsWith("/video.mp4"));
    expect(put?.url).toBe(`${fake.url}/${FAKE_BUNNY_ZONE}/${key}`);
    expect(put?.headers.get("checksum")).toBe(
      createHash("sha256").update(videoBytes).digest("hex").toUpperCase(),
    );
    expect(put?.headers.get("accesskey")).toBe(FAKE_BUNNY_KEY);

    expect(publisher.storage()).toEqual({
      kind: "bunny",
      cdnBaseUrl: "https://cdn.example.test/",
      zone: FAKE_BUNNY_ZONE,
      artifacts: { "video.mp4": key },
    });
  });

  // report.json used to be PUT into the zone (and so served by its pull zone next to the video).
  it("sends report.json through the edge to R2, never to the zone the CDN serves", async () => {
    const edge = edgeStandIn();
    const publisher = bunnyPublisher(target(edge), { renderId: "rnd_2" }, 1);
    const report = path.join(dir, "report.json");
    await writeFile(report, '{"ok":true}');
    await publisher.put("report.json", report, new AbortController().signal);
    expect(edge.calls).toEqual(["R2 rnd_2 report.json fence 1 application/json"]);
    expect((await listed()).filter((o) => o.key.includes("rnd_2"))).toEqual([]);
    expect(publisher.storage()?.artifacts).toEqual({});
  });

  it("an upload the edge refuses (it could not delete it) fails the render for good, and nothing is put", async () => {
    const edge = edgeStandIn({ refuse: "storage: the Worker could never delete them" });
    const publisher = bunnyPublisher(target(edge), { renderId: "rnd_3" }, 1);
    const error = await publisher.put("video.mp4", video, new AbortController().signal).catch((e) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect(error).toMatchObject({ code: "publish_failed", retryable: false });
    expect((error as RenderError).details).toContain("could never delete");
    expect((await listed()).filter((o) => o.key.includes("rnd_3"))).toEqual([]);
  });

  it("discard removes what a failed attempt put in the zone, but not once complete was sent", async () => {
    const failed = bunnyPublisher(target(edgeStandIn()), { renderId: "rnd_4" }, 2);
    await failed.put("video.mp4", video, new AbortController().signal);
    await failed.put("poster.jpg", video, new AbortController().signal);
    expect((await listed()).filter((o) => o.key.includes("rnd_4"))).toHaveLength(2);
    await failed.discard();
    expect((await listed()).filter((o) => o.key.includes("rnd_4"))).toEqual([]);

    const completing = bunnyPublisher(target(edgeStandIn()), { renderId: "rnd_5" }, 1);
    await completing.put("video.mp4", video, new AbortController().signal);
    completing.storage();
    await completing.discard();
    expect((await listed()).map((o) => o.key)).toContain("ws/ws_1/renders/rnd_5/1/video.mp4");
  });

  it("the fake refuses a body whose Checksum does not match (so the header is really checked)", async () => {
    const res = await fetch(`${fake.url}/${FAKE_BUNNY_ZONE}/x/bad.bin`, {
      method: "PUT",
      headers: { AccessKey: FAKE_BUNNY_KEY, Checksum: "00".repeat(32) },
      body: "hello",
    });
    expect(res.status).toBe(400);
    expect((await listed()).some((o) => o.key === "x/bad.bin")).toBe(false);
  });

  it("a wrong storage password fails at once with a 401 error naming the variables to check", async () => {
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    const error = await storage("wrong-password", counting)
      .putFile("k/video.mp4", video, "video/mp4")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BunnyStorageError);
    expect((error as BunnyStorageError).status).toBe(401);
    expect((error as Error).message).toMatch(/answered 401.*BUNNY_STORAGE_KEY/);
    expect(calls).toBe(1);
  });

  it("retries a 5xx answer and then succeeds", async () => {
    await fetch(`${fake.url}/_fake/bunny/fail-next?count=2`, { method: "POST" });
    await storage().putFile("retry/video.mp4", video, "video/mp4");
    const res = await read("retry/video.mp4");
    expect(Buffer.from(await res.arrayBuffer()).equals(videoBytes)).toBe(true);
  });

  it("an aborted signal stops the upload and nothing is stored", async () => {
    const controller = new AbortController();
    const slow: typeof fetch = async (input, init) => {
      controller.abort(new Error("render cancelled"));
      return fetch(input, init);
    };
    const error = await storage(FAKE_BUNNY_KEY, slow)
      .putFile("aborted/video.mp4", video, "video/mp4", controller.signal)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).toMatch(/cancelled|abort/i);
    expect((await listed()).some((o) => o.key === "aborted/video.mp4")).toBe(false);
  });

  it("delete removes the object; deleting it again is not an error", async () => {
    await storage().putFile("gone/video.mp4", video, "video/mp4");
    await storage().delete("gone/video.mp4");
    expect((await read("gone/video.mp4")).status).toBe(404);
    await storage().delete("gone/video.mp4");
  });

  it("fileSha256 is the uppercase hex SHA-256", async () => {
    expect(await fileSha256(video)).toBe(createHash("sha256").update(videoBytes).digest("hex").toUpperCase());
  });
});

describe("Bunny settings on the node", () => {
  const base = { EDGE_URL: "http://127.0.0.1:8787", NODE_TOKEN: "t" };
  it("off with none of the four, on with all of them", () => {
    expect(configFromEnv(base).bunnyStorageZone).toBeUndefined();
    const config = configFromEnv({
      ...base,
      BUNNY_STORAGE_HOST: "storage.bunnycdn.com",
      BUNNY_STORAGE_ZONE: "zone",
      BUNNY_STORAGE_KEY: "secret",
      BUNNY_CDN_BASE_URL: "https://zone.b-cdn.net/",
    });
    expect(config.bunnyCdnBaseUrl).toBe("https://zone.b-cdn.net");
  });
  it("a partial set names the missing variables and hides the key", () => {
    const attempt = () =>
      configFromEnv({ ...base, BUNNY_STORAGE_ZONE: "zone", BUNNY_STORAGE_KEY: "secret-value" });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/BUNNY_STORAGE_HOST, BUNNY_CDN_BASE_URL: required/);
    expect(attempt).not.toThrow(/secret-value/);
  });
});
