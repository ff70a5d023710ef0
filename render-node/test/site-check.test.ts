import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { SceneSpecSchema } from "@loom-lite/schema";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveBinaries } from "../src/binaries";
import { WarmBrowser } from "../src/browser/warm-browser";
import { checkSite } from "../src/stages/preflight/site-check";
import { closedPort } from "./helpers/pages-server";
import { colorShare } from "./helpers/pixels";
import { type SiteServer, startSiteServer } from "./helpers/site-server";

// A pre-flight-only job (kind preflight) in the real Chromium against the shared fixtures: the lead's
// first page, its first frame as a contact-sheet JPEG, and a verdict instead of a failure.

let site: SiteServer;
let browser: WarmBrowser;
let tmp: string;
let jobs = 0;

beforeAll(async () => {
  site = await startSiteServer();
  // One warm browser for the file, as a node keeps one for its checks.
  browser = new WarmBrowser({ chromiumPath: (await resolveBinaries()).chromium });
  tmp = await mkdtemp(path.join(os.tmpdir(), "site-check-test-"));
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function check(website: string, spec: Record<string, unknown> = {}) {
  jobs += 1;
  const workDir = path.join(tmp, `job-${jobs}`);
  await mkdir(workDir, { recursive: true });
  return checkSite({
    spec: SceneSpecSchema.parse({ facecam: "ast_unused", scenes: [{ url: "{{website}}" }], ...spec }),
    fields: { first_name: "Ada", website },
    browser,
    allowHosts: ["127.0.0.1"],
    workDir,
    navigationTimeoutMs: 10_000,
    pageMemoryMb: 1024,
    signal: AbortSignal.timeout(60_000),
  });
}

describe("site check (preflight job)", () => {
  it("films the first frame of a usable fixture site: a 640 px JPEG with the page's own header in it", async () => {
    const { result, frameFile } = await check(`${site.origin}/fixtures/sticky-header/`);
    expect(result).toEqual({
      verdict: "usable",
      url: `${site.origin}/fixtures/sticky-header/`,
      reason: null,
    });
    expect(frameFile).toBeTruthy();
    const bytes = await readFile(frameFile as string);
    expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    const meta = await sharp(bytes).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 640, height: 360 });
    const header = await colorShare(frameFile as string, "#0B3D91", { tolerance: 30 });
    expect(header, `share of the header's blue in the frame: ${header}`).toBeGreaterThan(0.03);
  });

  it("says walled for the bot-wall fixture, with the wall as its frame and the reason", async () => {
    const { result, frameFile } = await check(`${site.origin}/fixtures/bot-wall/`);
    expect(result.verdict).toBe("walled");
    expect(result.reason).toContain("human-verification wall");
    const red = await colorShare(frameFile as string, "#D50000", { tolerance: 30 });
    expect(red, `red share ${red}`).toBeGreaterThan(0.5);
  });

  it("says broken for an error page and for a site nobody answers at, and fallback when the campaign has one", async () => {
    const error = await check(`${site.origin}/status/500`);
    expect(error.result).toMatchObject({ verdict: "broken" });
    expect(error.result.reason).toMatch(/500/);
    const closed = await check(`http://127.0.0.1:${await closedPort()}/`);
    expect(closed.result.verdict).toBe("broken");
    expect(closed.frameFile).toBeNull();
    const fallback = await check(`${site.origin}/fixtures/bot-wall/`, {
      onUnusable: "fallback",
      fallbackUrl: `${site.origin}/fixtures/long-article/`,
    });
    expect(fallback.result.verdict).toBe("fallback");
    expect(fallback.result.reason).toContain("fallback page");
    expect(fallback.frameFile).toBeTruthy();
  });

  it("says broken, without opening a browser, when the lead's website is not a web address", async () => {
    const { result, frameFile } = await check("not a website");
    expect(result).toMatchObject({ verdict: "broken", url: "not a website" });
    expect(result.reason).toContain("not an http(s) web address");
    expect(frameFile).toBeNull();
  });
});
