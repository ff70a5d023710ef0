import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveBinaries } from "../src/binaries";
import { BrowserSession } from "../src/browser/browser-session";
import { settleWithin } from "../src/browser/deadline";
import { EgressGuard } from "../src/core/egress-guard";
import { descendants, isAlive } from "./helpers/processes";

let dir: string;
let lingering: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "browser-session-test-"));
  // Run by the browser user (nobody) when the tests run as root.
  await chmod(dir, 0o755);
  // A browser that does not exit when asked: Chromium itself closes, the process Playwright started
  // stays. Bounded, so a failing test leaves nothing behind for long.
  lingering = path.join(dir, "lingering-chromium");
  await writeFile(lingering, `#!/bin/sh\n"${(await resolveBinaries()).chromium}" "$@"\nsleep 90\n`);
  await chmod(lingering, 0o755);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("BrowserSession.close", () => {
  it("kills a browser of its own that does not exit when closed, so a stopped render never waits on it", async () => {
    const session = await BrowserSession.open({
      chromiumPath: lingering,
      viewport: { width: 640, height: 360 },
      guard: new EgressGuard(["127.0.0.1"]),
      signal: new AbortController().signal,
      label: "rnd_lingering_browser",
    });
    const page = await session.newPage();
    await page.setContent("<h1>hello</h1>");
    const launcher = descendants().find(
      (p) => p.cmdline.includes(session.profile.dir) && p.cmdline.includes(lingering),
    );
    expect(launcher, "the launcher that outlives Chromium").toBeDefined();

    const closing = session.close();
    expect(await settleWithin(closing, 30_000), "close() returned").toBe(true);
    expect(await closing).toEqual({ forced: true });
    expect(isAlive(launcher?.pid ?? 0)).toBe(false);
    expect(descendants().filter((p) => p.cmdline.includes(session.profile.dir))).toEqual([]);
  });

  it("closes a browser that exits by itself without killing anything", async () => {
    const session = await BrowserSession.open({
      chromiumPath: (await resolveBinaries()).chromium,
      viewport: { width: 640, height: 360 },
      guard: new EgressGuard(["127.0.0.1"]),
      signal: new AbortController().signal,
      label: "rnd_closing_browser",
    });
    await (await session.newPage()).setContent("<h1>hello</h1>");
    expect(await session.close()).toEqual({ forced: false });
    expect(descendants().filter((p) => p.cmdline.includes(session.profile.dir))).toEqual([]);
  });
});
