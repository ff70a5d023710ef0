import { mkdirSync } from "node:fs";
import path from "node:path";
import { fromRoot } from "@loom-lite/testkit/paths";
import { type Browser, chromium, type Page } from "playwright-core";
import { inject } from "vitest";
import { browserLaunchOptions } from "./chromium";

export const SCREENS_DIR = fromRoot(".data", "e2e-screens");

/**
 * A person's browser. Headless Chromium says "HeadlessChrome", which the landing beacon rightly drops as a
 * bot: a test of what a prospect's (or a rep's) visit counts must not pass because nothing was counted.
 */
export const PERSON_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

/**
 * The suite's browser. Without extra switches, a connection to the one Chromium the global setup
 * started (a cold start costs seconds per file on a busy machine); closing it closes this file's
 * contexts and disconnects. With switches, a Chromium of the file's own.
 */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const shared = inject("browserWsEndpoint");
  if (extraArgs.length === 0 && shared) return chromium.connect(shared);
  return chromium.launch(browserLaunchOptions(extraArgs));
}

/** What a broken screen shows: an error boundary's words, a thrown error's text, a blank page. */
const BROKEN_TEXT = [
  /something went wrong|unexpected error|cannot read propert|is not a function|undefined is not/i,
  /\bNaN\b|\[object Object\]|\bundefined\b/,
];

export interface ScreenCheck {
  /** Text that must be on the screen (proves data, not an empty state, is shown). */
  shows?: (string | RegExp)[];
  /** Text that must not be (an empty state where there is data). */
  hides?: (string | RegExp)[];
}

/** Waits until the screen's data is there: every view says "Loading …" until then. */
export async function screenLoaded(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle").catch(() => {});
  await page
    .getByText(/^Loading .*…$/)
    .first()
    .waitFor({ state: "detached", timeout: 10_000 })
    .catch(() => {});
}

/** A full-page screenshot into .data/e2e-screens/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS_DIR, `${name}.png`), fullPage: true });
}

/**
 * Screenshots the page into .data/e2e-screens/<name>.png, then fails on obvious breakage: an error
 * alert, error words, a near-empty body, or text that should (not) be there.
 */
export async function checkScreen(page: Page, name: string, check: ScreenCheck = {}): Promise<string> {
  await screenLoaded(page);
  await screenshot(page, name);
  // What a person sees: hidden text (templates, closed panels) must not count.
  const text = await page.locator("body").innerText();
  const problems: string[] = [];
  if (text.trim().length < 40) problems.push(`the page is nearly blank: ${JSON.stringify(text)}`);
  for (const pattern of BROKEN_TEXT) {
    const broken = pattern.exec(text);
    if (broken) problems.push(`error text on the page: "${broken[0]}"`);
  }
  const alerts = await page.locator('[role="alert"]').allInnerTexts();
  if (alerts.length > 0) problems.push(`error alerts: ${JSON.stringify(alerts)}`);
  if ((await page.locator("vite-error-overlay, astro-dev-overlay").count()) > 0)
    problems.push("an error overlay");
  // CSS may upper-case labels and badges; words are compared without case.
  const has = (t: string | RegExp) =>
    typeof t === "string" ? text.toLowerCase().includes(t.toLowerCase()) : t.test(text);
  for (const wanted of check.shows ?? []) {
    if (!has(wanted)) problems.push(`missing ${String(wanted)}`);
  }
  for (const unwanted of check.hides ?? []) {
    if (has(unwanted)) problems.push(`shows ${String(unwanted)}`);
  }
  if (problems.length > 0) {
    throw new Error(
      `screen "${name}" looks broken: ${problems.join("; ")}\n--- page text ---\n${text.slice(0, 2000)}`,
    );
  }
  return text;
}
