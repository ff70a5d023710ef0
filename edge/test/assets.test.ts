import { describe, expect, it } from "vitest";
import { anonymous, authed, signUp } from "./helpers/accounts";
import { expectError, FAKE_MP4, uploadAsset } from "./helpers/fixtures";

const MAX_ASSET_BYTES = 200 * 1024 * 1024;

async function assetIds(cookieOrKey: string): Promise<string[]> {
  const res = await authed(cookieOrKey)("/api/assets");
  const body = (await res.json()) as { assets: Array<{ id: string }> };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.assets.map((a) => a.id);
}

describe("POST /api/assets", () => {
  it("stores a facecam and records its size and type", async () => {
    const account = await signUp();
    const asset = await uploadAsset(authed(account.cookie), "facecam", FAKE_MP4, "video/mp4");
    expect(asset).toMatchObject({ kind: "facecam", bytes: FAKE_MP4.byteLength, contentType: "video/mp4" });
    expect(asset.id).toMatch(/^ast_/);
    expect(await assetIds(account.cookie)).toEqual([asset.id]);

    const one = await authed(account.apiKey)(`/api/assets/${asset.id}`);
    expect(await one.json()).toMatchObject({ id: asset.id, kind: "facecam", bytes: FAKE_MP4.byteLength });
  });

  it("accepts a content type with parameters and an API key as credentials", async () => {
    const account = await signUp();
    const asset = await uploadAsset(authed(account.apiKey), "facecam", FAKE_MP4, "video/webm; codecs=vp9");
    expect(asset.contentType).toBe("video/webm");
  });

  it("stores logos and CSVs with their own types", async () => {
    const account = await signUp();
    const logo = await uploadAsset(
      authed(account.cookie),
      "logo",
      new Uint8Array([137, 80, 78, 71]),
      "image/png",
    );
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
    const missing = await call("/api/assets?kind=facecam", { method: "POST", body: new Blob([FAKE_MP4]) });
    await expectError(missing, 400, "BAD_REQUEST", /content-type/);
    for (const [kind, type] of [
      ["facecam", "application/pdf"],
      ["facecam", "image/png"],
      ["logo", "video/mp4"],
    ]) {
      const res = await call(`/api/assets?kind=${kind}`, {
        method: "POST",
        headers: { "content-type": type as string },
        body: FAKE_MP4,
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
      body: FAKE_MP4,
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
        body: FAKE_MP4,
      });
      await expectError(res, 400, "BAD_REQUEST", /kind/);
    }
  });

  it("answers 401 without credentials", async () => {
    const res = await anonymous("/api/assets?kind=facecam", {
      method: "POST",
      headers: { "content-type": "video/mp4" },
      body: FAKE_MP4,
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
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(FAKE_MP4);

    const part = await authed(account.apiKey)(`/api/assets/${asset.id}/content`, {
      headers: { range: "bytes=100-199" },
    });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${FAKE_MP4.byteLength}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(FAKE_MP4.slice(100, 200));

    const tail = await authed(account.cookie)(`/api/assets/${asset.id}/content`, {
      headers: { range: "bytes=-10" },
    });
    expect(tail.status).toBe(206);
    expect(tail.headers.get("content-range")).toBe(
      `bytes ${FAKE_MP4.byteLength - 10}-${FAKE_MP4.byteLength - 1}/${FAKE_MP4.byteLength}`,
    );
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(FAKE_MP4.slice(-10));
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
