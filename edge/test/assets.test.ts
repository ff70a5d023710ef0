import { env } from "cloudflare:test";
import { assets } from "@loom-lite/schema/db";
import { describe, expect, it } from "vitest";
import { anonymous, authed, signUp, type TestAccount } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { addLeads, createCampaign, expectError, sample, uploadAsset } from "./helpers/fixtures";

const MAX_ASSET_BYTES = 200 * 1024 * 1024;
/** A real two-second MP4 (uploads are checked by content). */
const MP4 = sample("mp4");

async function assetIds(cookieOrKey: string): Promise<string[]> {
  const res = await authed(cookieOrKey)("/api/assets");
  const body = (await res.json()) as { assets: Array<{ id: string }> };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.assets.map((a) => a.id);
}

describe("POST /api/assets", () => {
  it("stores a facecam and records its size and type", async () => {
    const account = await signUp();
    const asset = await uploadAsset(authed(account.cookie), "facecam", MP4, "video/mp4");
    expect(asset).toMatchObject({ kind: "facecam", bytes: MP4.byteLength, contentType: "video/mp4" });
    expect(asset.id).toMatch(/^ast_/);
    expect(await assetIds(account.cookie)).toEqual([asset.id]);

    const one = await authed(account.apiKey)(`/api/assets/${asset.id}`);
    expect(await one.json()).toMatchObject({ id: asset.id, kind: "facecam", bytes: MP4.byteLength });
  });

  it("records a facecam's length from its container (what billing reserves and the editor shows); none for a logo", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    for (const [body, type] of [
      [MP4, "video/mp4"],
      [sample("webm"), "video/webm"],
    ] as const) {
      const asset = (await uploadAsset(call, "facecam", body, type)) as { id: string; durationMs?: number };
      // The samples last 2 s; containers round their durations a little.
      expect(asset.durationMs, type).toBeGreaterThanOrEqual(1900);
      expect(asset.durationMs, type).toBeLessThanOrEqual(2100);
      const read = (await (await call(`/api/assets/${asset.id}`)).json()) as { durationMs: number };
      expect(read.durationMs).toBe(asset.durationMs);
    }
    const logo = await uploadAsset(call, "logo");
    expect(logo).toMatchObject({ durationMs: null });
  });

  it("accepts a content type with parameters and an API key as credentials", async () => {
    const account = await signUp();
    const asset = await uploadAsset(
      authed(account.apiKey),
      "facecam",
      sample("webm"),
      "video/webm; codecs=vp9",
    );
    expect(asset.contentType).toBe("video/webm");
  });

  it("stores logos and CSVs with their own types", async () => {
    const account = await signUp();
    const logo = await uploadAsset(authed(account.cookie), "logo", sample("png"), "image/png");
    const csv = await uploadAsset(
      authed(account.cookie),
      "csv",
      new TextEncoder().encode("first_name,website\nAda,example.com\n"),
      "text/csv",
    );
    expect([logo.kind, csv.kind]).toEqual(["logo", "csv"]);
    const listed = await authed(account.cookie)("/api/assets?kind=logo");
    expect(((await listed.json()) as { assets: Array<{ id: string }> }).assets.map((a) => a.id)).toEqual([
      logo.id,
    ]);
  });

  it("answers 400 for a missing, unsupported or mismatched content type, and stores nothing", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const missing = await call("/api/assets?kind=facecam", { method: "POST", body: new Blob([MP4]) });
    await expectError(missing, 400, "BAD_REQUEST", /content-type/);
    for (const [kind, type] of [
      ["facecam", "application/pdf"],
      ["facecam", "image/png"],
      ["logo", "video/mp4"],
    ]) {
      const res = await call(`/api/assets?kind=${kind}`, {
        method: "POST",
        headers: { "content-type": type as string },
        body: MP4,
      });
      await expectError(res, 400, "BAD_REQUEST", /content-type/);
    }
    expect(await assetIds(account.cookie)).toEqual([]);
  });

  it("answers 400 for an empty body", async () => {
    const account = await signUp();
    const res = await authed(account.cookie)("/api/assets?kind=facecam", {
      method: "POST",
      headers: { "content-type": "video/mp4" },
      body: new Uint8Array(0),
    });
    await expectError(res, 400, "BAD_REQUEST", /empty/);
    expect(await assetIds(account.cookie)).toEqual([]);
  });

  it("answers 400 for a declared length over the limit before reading the body", async () => {
    const account = await signUp();
    const res = await authed(account.cookie)("/api/assets?kind=facecam", {
      method: "POST",
      headers: { "content-type": "video/mp4", "content-length": String(MAX_ASSET_BYTES + 1) },
      body: MP4,
    });
    await expectError(res, 400, "BAD_REQUEST", /over the limit/);
    expect(await assetIds(account.cookie)).toEqual([]);
  });

  it("answers 400 naming kind when it is missing or unknown", async () => {
    const account = await signUp();
    for (const query of ["", "?kind=movie"]) {
      const res = await authed(account.cookie)(`/api/assets${query}`, {
        method: "POST",
        headers: { "content-type": "video/mp4" },
        body: MP4,
      });
      await expectError(res, 400, "BAD_REQUEST", /kind/);
    }
  });

  it("answers 401 without credentials", async () => {
    const res = await anonymous("/api/assets?kind=facecam", {
      method: "POST",
      headers: { "content-type": "video/mp4" },
      body: MP4,
    });
    await expectError(res, 401, "UNAUTHORIZED");
    await expectError(await anonymous("/api/assets"), 401, "UNAUTHORIZED");
  });
});

describe("GET /api/assets/:id/content", () => {
  it("serves the whole file, and a byte range as 206 with Content-Range", async () => {
    const account = await signUp();
    const asset = await uploadAsset(authed(account.cookie));
    const whole = await authed(account.cookie)(`/api/assets/${asset.id}/content`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    expect(whole.headers.get("content-type")).toBe("video/mp4");
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(MP4);

    const part = await authed(account.apiKey)(`/api/assets/${asset.id}/content`, {
      headers: { range: "bytes=100-199" },
    });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${MP4.byteLength}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(MP4.slice(100, 200));

    const tail = await authed(account.cookie)(`/api/assets/${asset.id}/content`, {
      headers: { range: "bytes=-10" },
    });
    expect(tail.status).toBe(206);
    expect(tail.headers.get("content-range")).toBe(
      `bytes ${MP4.byteLength - 10}-${MP4.byteLength - 1}/${MP4.byteLength}`,
    );
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(MP4.slice(-10));
  });

  it("answers 404 for another workspace's asset, 404 for an unknown id, 401 without credentials", async () => {
    const owner = await signUp();
    const stranger = await signUp();
    const asset = await uploadAsset(authed(owner.cookie));
    await expectError(await authed(stranger.cookie)(`/api/assets/${asset.id}/content`), 404, "NOT_FOUND");
    await expectError(await authed(stranger.apiKey)(`/api/assets/${asset.id}`), 404, "NOT_FOUND");
    await expectError(await authed(owner.cookie)("/api/assets/ast_doesnotexist"), 404, "NOT_FOUND");
    await expectError(await anonymous(`/api/assets/${asset.id}/content`), 401, "UNAUTHORIZED");
    expect(await assetIds(stranger.cookie)).toEqual([]);
  });
});

const media = env.MEDIA;
const text = (t: string) => new TextEncoder().encode(t);

/** Every object stored under the workspace's folder in R2. */
async function storedObjects(account: TestAccount): Promise<string[]> {
  const listed = await media.list({ prefix: `ws/${account.workspaceId}/` });
  return listed.objects.map((o) => o.key);
}

/** Sends the bytes as the given kind and type; the refusal must be a 400 naming the body or type. */
async function expectRefused(
  account: TestAccount,
  kind: string,
  body: Uint8Array,
  contentType: string,
  message: RegExp,
) {
  const res = await authed(account.cookie)(`/api/assets?kind=${kind}`, {
    method: "POST",
    headers: { "content-type": contentType },
    body,
  });
  await expectError(res, 400, "BAD_REQUEST", message);
}

/** Nothing of the refused uploads exists: no asset rows, no R2 objects. */
async function expectNothingStored(account: TestAccount) {
  expect(await assetIds(account.cookie)).toEqual([]);
  expect(await storedObjects(account)).toEqual([]);
}

/** The same bytes with the 32-bit duration of the movie header (mvhd, version 0) replaced. */
function withMovieDuration(mp4: Uint8Array, seconds: number): Uint8Array {
  const out = mp4.slice();
  const at = Buffer.from(out).indexOf("mvhd");
  const dv = new DataView(out.buffer);
  const timescale = dv.getUint32(at + 4 + 12);
  dv.setUint32(at + 4 + 16, seconds * timescale);
  return out;
}

const SVG_WITH_SCRIPT = text(
  `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>window.__pwned=1;fetch("/api/keys",{method:"POST"})</script></svg>`,
);
const DASH_MANIFEST = text(
  `<?xml version="1.0"?>\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-on-demand:2011" type="static" mediaPresentationDuration="PT10S"><BaseURL>http://169.254.169.254/latest/meta-data/</BaseURL><Period><AdaptationSet><Representation id="1" bandwidth="1"><BaseURL>file:///etc/passwd</BaseURL></Representation></AdaptationSet></Period></MPD>`,
);
const HLS_PLAYLIST = text(
  "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nhttp://127.0.0.1:9/secret.ts\n#EXT-X-ENDLIST\n",
);

describe("uploads are judged by their content", () => {
  it("accepts real MP4 (index first or last), MOV, WebM and a recorder's WebM without a duration", async () => {
    const account = await signUp();
    const cases: Array<[Uint8Array, string, string]> = [
      [sample("mp4"), "video/mp4", "video/mp4"],
      [sample("mp4MoovAtEnd"), "video/mp4", "video/mp4"],
      [sample("mov"), "video/quicktime", "video/quicktime"],
      [sample("webm"), "video/webm", "video/webm"],
      [sample("recorderWebm"), "video/webm", "video/webm"],
    ];
    for (const [bytes, declared, stored] of cases) {
      const asset = await uploadAsset(authed(account.cookie), "facecam", bytes, declared);
      expect(asset, declared).toMatchObject({ contentType: stored, bytes: bytes.byteLength });
      const content = await authed(account.cookie)(`/api/assets/${asset.id}/content`);
      expect(new Uint8Array(await content.arrayBuffer())).toEqual(bytes);
    }
  });

  it("stores PNG, JPEG, GIF and WebP logos as the type their bytes are, whatever was declared", async () => {
    const account = await signUp();
    const cases: Array<[Uint8Array, string]> = [
      [sample("png"), "image/png"],
      [sample("jpeg"), "image/jpeg"],
      [sample("gif"), "image/gif"],
      [sample("webp"), "image/webp"],
    ];
    for (const [bytes, type] of cases) {
      const asset = await uploadAsset(authed(account.cookie), "logo", bytes, "image/png");
      expect(asset.contentType, type).toBe(type);
    }
  });

  it("stores a CSV as text/csv", async () => {
    const account = await signUp();
    const csv = text("\uFEFFfirst_name;website\nZoë;zoe.example\n");
    const asset = await uploadAsset(authed(account.cookie), "csv", csv, "application/vnd.ms-excel");
    expect(asset.contentType).toBe("text/csv");
  });
});

describe("attacks on uploads", () => {
  it("refuses an SVG logo carrying script, however it is declared, and stores nothing", async () => {
    const account = await signUp();
    await expectRefused(
      account,
      "logo",
      SVG_WITH_SCRIPT,
      "image/svg+xml",
      /content-type: SVG is not accepted/,
    );
    await expectRefused(account, "logo", SVG_WITH_SCRIPT, "image/png", /body: this is SVG or HTML markup/);
    await expectRefused(
      account,
      "logo",
      text("<html><script>alert(1)</script></html>"),
      "image/gif",
      /markup/,
    );
    await expectRefused(account, "logo", sample("mp4"), "image/png", /body: this is a mp4 file/);
    await expectNothingStored(account);
  });

  it("refuses a rep photo whose bytes are not a raster image, whatever type is declared, and stores nothing", async () => {
    const account = await signUp();
    await expectRefused(account, "photo", SVG_WITH_SCRIPT, "image/jpeg", /body: this is SVG or HTML markup/);
    await expectRefused(
      account,
      "photo",
      text("<!doctype html><img src=x onerror=alert(document.cookie)>"),
      "image/png",
      /markup/,
    );
    await expectRefused(
      account,
      "photo",
      sample("mp4"),
      "image/jpeg",
      /body: this is a mp4 file; a photo is a PNG/,
    );
    await expectRefused(
      account,
      "photo",
      text("just some words, not a picture"),
      "image/gif",
      /not an image; a photo is a PNG/,
    );
    await expectRefused(
      account,
      "photo",
      SVG_WITH_SCRIPT,
      "image/svg+xml",
      /content-type: SVG is not accepted/,
    );
    await expectNothingStored(account);
    // The same picture as real bytes is stored as what it is.
    const photo = await uploadAsset(authed(account.cookie), "photo", sample("webp"), "image/jpeg");
    expect(photo).toMatchObject({ kind: "photo", contentType: "image/webp" });
  });

  it("refuses a DASH manifest or HLS playlist sent as video/mp4 (ffmpeg would fetch its URLs), storing nothing", async () => {
    const account = await signUp();
    await expectRefused(account, "facecam", DASH_MANIFEST, "video/mp4", /not a video/);
    await expectRefused(account, "facecam", HLS_PLAYLIST, "video/mp4", /not a video/);
    // A file type box in front of the manifest: the rest is not an MP4 box structure.
    const ftyp = new Uint8Array([0, 0, 0, 16, ...text("ftypisom"), 0, 0, 2, 0]);
    await expectRefused(
      account,
      "facecam",
      new Uint8Array([...ftyp, ...DASH_MANIFEST]),
      "video/mp4",
      /not an MP4\/MOV file/,
    );
    await expectNothingStored(account);
  });

  it("refuses non-video files as facecams: an image, audio only, a cut-short MP4", async () => {
    const account = await signUp();
    await expectRefused(account, "facecam", sample("png"), "video/mp4", /this is a png file/);
    await expectRefused(account, "facecam", sample("audioOnlyMp4"), "video/mp4", /no video track/);
    const mp4 = sample("mp4MoovAtEnd");
    await expectRefused(
      account,
      "facecam",
      mp4.slice(0, mp4.byteLength - 200),
      "video/mp4",
      /cut short|ends in the middle/,
    );
    await expectNothingStored(account);
  });

  it("refuses a facecam longer than 10 minutes, read from the container header, storing nothing", async () => {
    const account = await signUp();
    await expectRefused(
      account,
      "facecam",
      sample("longMp4"),
      "video/mp4",
      /11 min 0 s long; a facecam may be at most 10 min 0 s/,
    );
    // A MediaRecorder-style WebM declares no duration; its clusters' timestamps measure it.
    await expectRefused(
      account,
      "facecam",
      sample("longRecorderWebm"),
      "video/webm",
      /10 min 59 s long; a facecam may be at most 10 min 0 s/,
    );
    // A two-second file whose movie header claims five hours.
    await expectRefused(
      account,
      "facecam",
      withMovieDuration(sample("mp4"), 5 * 3600),
      "video/mp4",
      /300 min 0 s long/,
    );
    await expectNothingStored(account);
  });

  it("refuses binary or markup sent as a CSV, even when the binary part comes late, storing nothing", async () => {
    const account = await signUp();
    await expectRefused(account, "csv", sample("png"), "text/csv", /this is a png file, not CSV text/);
    await expectRefused(
      account,
      "csv",
      text("<!doctype html><script>alert(1)</script>"),
      "text/csv",
      /markup, not CSV/,
    );
    const late = new Uint8Array([...text(`a,b\n${"1,2\n".repeat(5000)}`), 0, 1, 2]);
    await expectRefused(account, "csv", late, "text/plain", /binary data/);
    await expectNothingStored(account);
  });

  it("serves stored files as inert: nosniff, a sandbox CSP, and a download unless an image or video", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const facecam = await uploadAsset(call);
    const video = await call(`/api/assets/${facecam.id}/content`);
    expect(video.headers.get("content-type")).toBe("video/mp4");
    expect(video.headers.get("x-content-type-options")).toBe("nosniff");
    expect(video.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(video.headers.get("content-disposition")).toBe("inline");
    const csv = await uploadAsset(call, "csv");
    const sheet = await call(`/api/assets/${csv.id}/content`);
    expect(sheet.headers.get("content-disposition")).toBe("attachment");
    expect(sheet.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
  });

  it("defuses an SVG logo stored before uploads were checked, on the API and on the landing page", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    // As the old code stored it: the uploaded type, no check.
    const id = `ast_legacysvg${account.workspaceId.slice(-6)}`;
    const storageKey = `ws/${account.workspaceId}/assets/${id}`;
    await media.put(storageKey, SVG_WITH_SCRIPT, { httpMetadata: { contentType: "image/svg+xml" } });
    await withDb((db) =>
      db.insert(assets).values({
        id,
        workspaceId: account.workspaceId,
        kind: "logo",
        storageKey,
        contentType: "image/svg+xml",
        bytes: SVG_WITH_SCRIPT.byteLength,
      }),
    );
    const campaign = await createCampaign(call, { landing: { logoAssetId: id } });
    const [lead] = await addLeads(call, campaign.id, [{ first_name: "Ada", website: "ada.example" }]);
    for (const res of [
      await call(`/api/assets/${id}/content`),
      await anonymous(`http://${account.workspaceSlug}.localhost/${lead?.slug}/logo`),
    ]) {
      expect(res.status).toBe(200);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
      expect(res.headers.get("content-disposition")).toBe("attachment");
    }
  });
});
