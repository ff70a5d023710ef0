import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { SceneSpecSchema } from "@loom-lite/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveBinaries } from "../src/binaries";
import { RenderError } from "../src/core/errors";
import { silentLogger } from "../src/log";
import { runPipeline } from "../src/pipeline/run";
import { captureScenes } from "../src/stages/capture/scenes";
import { checkPage } from "../src/stages/preflight/page-check";
import { preflightPages } from "../src/stages/preflight/pages";
import { type CaptureKit, openCaptureKit, VIEWPORT } from "./helpers/capture-session";
import { makeFacecam } from "./helpers/media";
import { closedPort } from "./helpers/pages-server";
import { colorShare } from "./helpers/pixels";
import { type SiteServer, startSiteServer } from "./helpers/site-server";

let site: SiteServer;
let kit: CaptureKit;

beforeAll(async () => {
  site = await startSiteServer();
  kit = await openCaptureKit({ allowHosts: ["127.0.0.1", "localhost"] });
});

afterAll(async () => {
  await kit?.close();
  await site?.close();
});

let checks = 0;
function check(url: string, navigationTimeoutMs = 10_000) {
  checks += 1;
  return checkPage(kit.session, url, {
    name: `t${checks}`,
    workDir: kit.workDir,
    navigationTimeoutMs,
    signal: kit.signal,
  });
}

function policy(onUnusable: "reject" | "fallback", fallbackUrl?: string) {
  return {
    onUnusable,
    fallbackUrl,
    workDir: kit.workDir,
    signal: kit.signal,
    navigationTimeoutMs: 10_000,
    logger: silentLogger,
    warnings: [] as string[],
  };
}

describe("pre-flight verdicts", () => {
  it("bot-wall fixture: unusable, not retryable, with the wall in its first frame", async () => {
    const verdict = await check(`${site.origin}/fixtures/bot-wall/`);
    expect(verdict).toMatchObject({ usable: false, problem: "bot_wall", retryable: false, status: 200 });
    expect(verdict.reason).toContain("127.0.0.1 shows a human-verification wall to automated visitors");
    expect(verdict.frame && existsSync(verdict.frame)).toBe(true);
    const red = await colorShare(verdict.frame as string, "#D50000", { tolerance: 30 });
    expect(red, `red share of the first frame ${red}`).toBeGreaterThan(0.5);
  });

  it("recognises a 403 challenge, a captcha-only page, and not a contact form with a captcha", async () => {
    const challenge = await check(`${site.origin}/cf-challenge`);
    expect(challenge).toMatchObject({ usable: false, problem: "bot_wall", status: 403 });
    const turnstile = await check(`${site.origin}/pages/turnstile-wall.html`);
    expect(turnstile).toMatchObject({ usable: false, problem: "bot_wall" });
    const form = await check(`${site.origin}/pages/captcha-form.html`);
    expect(form, JSON.stringify(form)).toMatchObject({ usable: true, status: 200 });
  });

  it("reports HTTP errors, blank pages, and unreachable servers with their status", async () => {
    expect(await check(`${site.origin}/status/404`)).toMatchObject({
      usable: false,
      problem: "http_error",
      status: 404,
      retryable: false,
      reason: "the server answered HTTP 404",
    });
    expect(await check(`${site.origin}/status/503`)).toMatchObject({
      problem: "http_error",
      retryable: true,
    });
    expect(await check(`${site.origin}/pages/blank.html`)).toMatchObject({ usable: false, problem: "blank" });
    const port = await closedPort();
    expect(await check(`http://127.0.0.1:${port}/`)).toMatchObject({
      usable: false,
      problem: "unreachable",
      reason: "the server refused the connection",
    });
    expect(await check("http://nothing-here.invalid/")).toMatchObject({
      problem: "unreachable",
      reason: "its domain name does not resolve (DNS)",
      retryable: false,
    });
  });

  it("gives up on a page that never answers within the navigation timeout", async () => {
    const began = Date.now();
    const verdict = await check(`${site.origin}/hang`, 2000);
    expect(verdict).toMatchObject({ usable: false, problem: "timeout", retryable: true });
    expect(Date.now() - began).toBeLessThan(10_000);
  });

  it("flags a redirect to another site and keeps where it ended", async () => {
    const target = `http://localhost:${site.port}/pages/plain.html`;
    const verdict = await check(`${site.origin}/redirect?to=${encodeURIComponent(target)}`);
    expect(verdict).toMatchObject({ usable: true, finalUrl: target, redirectedTo: target });
    const same = await check(`${site.origin}/redirect?to=/pages/plain.html`);
    expect(same.redirectedTo).toBeUndefined();
  });
});

describe("a rejected lead's report", () => {
  it("names the wall, is not retryable, and keeps each page's verdict and first frame", async () => {
    const workDir = path.join(kit.workDir, "rejected");
    const facecam = await makeFacecam(kit.workDir, 2);
    const error = await runPipeline(
      {
        spec: SceneSpecSchema.parse({
          facecam: "facecam.mp4",
          scenes: [{ url: "{{website}}/fixtures/bot-wall/", seconds: 2 }],
          onUnusable: "reject",
        }),
        fields: { website: site.origin },
        facecamFile: facecam,
        workDir,
        binaries: await resolveBinaries(),
        allowHosts: ["127.0.0.1"],
      },
      { signal: kit.signal },
    ).catch((e) => e);
    expect(error).toMatchObject({ code: "page_unusable", retryable: false });
    const report = JSON.parse(await readFile(path.join(workDir, "report.json"), "utf8"));
    expect(report.error.message).toContain("shows a human-verification wall to automated visitors");
    expect(report.scenes[0].preflight, JSON.stringify(report.scenes)).toMatchObject([
      { usable: false, problem: "bot_wall", frame: path.join(workDir, "preflight-1.jpg") },
    ]);
    expect(existsSync(path.join(workDir, "preflight-1.jpg"))).toBe(true);
    expect(report.timings.capture, "no capture was spent on it").toBeUndefined();
  });
});

describe("campaign policy for unusable pages", () => {
  const scene = () => ({ index: 0, url: `${site.origin}/fixtures/bot-wall/` });

  it("reject: fails, not retryable, with what the user can do", async () => {
    const error = await preflightPages(kit.session, [scene()], policy("reject")).catch((e) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect(error).toMatchObject({ code: "page_unusable", retryable: false });
    expect(error.message).toContain("127.0.0.1 shows a human-verification wall to automated visitors");
    expect(error.message).toContain("Add a fallback URL");
  });

  it("fallback: the fallback page is checked too and stands in, and the report says so", async () => {
    const options = policy("fallback", `${site.origin}/pages/plain.html`);
    const plan = await preflightPages(kit.session, [scene()], options);
    expect(plan.get(0)?.map((v) => v.usable)).toEqual([false, true]);
    expect(options.warnings.join("\n")).toContain("captured the fallback page");
    const bad = policy("fallback", `${site.origin}/status/500`);
    const error = await preflightPages(kit.session, [scene()], bad).catch((e) => e);
    expect(error.message).toContain("nor the fallback page");
  });

  it("a wall that comes up after the pre-flight visit is caught before capture and never captured", async () => {
    const url = `${site.origin}/pages/wall-on-scroll.html`;
    const options = policy("fallback", `${site.origin}/pages/plain.html`);
    const plan = await preflightPages(kit.session, [{ index: 0, url }], options);
    expect(plan.get(0)?.[0]?.usable).toBe(true);
    const [shot] = await captureScenes(kit.session, plan, {
      ...options,
      scenes: [{ index: 0, url }],
      viewport: VIEWPORT,
      fps: 30,
    });
    expect(shot).toMatchObject({ fallback: true, capturedUrl: `${site.origin}/pages/plain.html` });
    expect(await colorShare(shot?.background.file as string, "#D50000", { tolerance: 30 })).toBe(0);
    expect(options.warnings.join("\n")).toContain("human-verification wall");

    const strict = policy("reject");
    const url2 = `${site.origin}/pages/wall-on-scroll.html?b`;
    const plan2 = await preflightPages(kit.session, [{ index: 0, url: url2 }], strict);
    const error = await captureScenes(kit.session, plan2, {
      ...strict,
      scenes: [{ index: 0, url: url2 }],
      viewport: VIEWPORT,
      fps: 30,
    }).catch((e) => e);
    expect(error).toMatchObject({ code: "page_unusable", retryable: false });
  });
});
