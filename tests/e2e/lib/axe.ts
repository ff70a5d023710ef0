import { createRequire } from "node:module";
import type { Page } from "playwright-core";

/** axe-core's browser bundle (a root devDependency), injected as a script into the page under test. */
const AXE_SOURCE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const BLOCKING_IMPACTS = new Set(["serious", "critical"]);

/** The few members of a Web Animation read here (the tests' tsconfig has no DOM lib). */
interface AnimationLike {
  effect: { getComputedTiming(): { endTime?: number | string } } | null;
  finished: Promise<unknown>;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * axe-core's serious and critical violations on the page, one line each (rule, impact, help, where).
 * The page's context needs `bypassCSP`: the site's nonce-based policy (rightly) refuses the script.
 * `iframes: false` leaves framed documents out (the dashboard frames leads' websites, which are not
 * ours to fix, and a frame without axe in it would hold the run until axe's frame timeout).
 */
export async function axeViolations(page: Page, opts: { iframes?: boolean } = {}): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in globalThis))) await page.addScriptTag({ path: AXE_SOURCE });
  const violations = await page.evaluate(async (iframes) => {
    // Colours read mid-transition are neither scheme's (a button fading to its dark background after
    // emulateMedia): let every finite CSS transition and animation end first.
    const running = (
      globalThis as unknown as { document: { getAnimations(): AnimationLike[] } }
    ).document.getAnimations();
    await Promise.all(
      running
        .filter((a) => Number.isFinite(a.effect?.getComputedTiming().endTime ?? Number.POSITIVE_INFINITY))
        .map((a) => a.finished.catch(() => undefined)),
    );
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (options: {
            iframes: boolean;
            resultTypes: string[];
          }) => Promise<{ violations: AxeViolation[] }>;
        };
      }
    ).axe;
    // Only violations are wanted: axe then skips collecting every passing node, which is most of its time.
    return (await axe.run({ iframes, resultTypes: ["violations"] })).violations;
  }, opts.iframes ?? true);
  return violations
    .filter((v) => BLOCKING_IMPACTS.has(v.impact ?? ""))
    .map((v) => {
      const where = v.nodes.map((n) => `${n.target.join(" ")} (${why(n.failureSummary)})`);
      return `${v.id} (${v.impact}): ${v.help} at ${where.join(", ")}`;
    });
}

/** axe's "Fix any of the following: …" for one element, on one line (contrast: the colours and ratio). */
function why(summary = ""): string {
  return summary
    .replace(/^Fix (any|all) of the following:\s*/i, "")
    .replace(/\s+/g, " ")
    .trim();
}
