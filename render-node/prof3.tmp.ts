import { mkdtemp, mkdir } from "node:fs/promises";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SceneSpecSchema } from "@loom-lite/schema";
import { resolveBinaries } from "./src/binaries";
import { WarmBrowser } from "./src/browser/warm-browser";
import { checkSite } from "./src/stages/preflight/site-check";
import { descendantsOf } from "./src/service/process-table";
import { startSiteServer } from "./test/helpers/site-server";
const site = await startSiteServer();
const binaries = await resolveBinaries();
const warm = new WarmBrowser({ chromiumPath: binaries.chromium });
const tmp = await mkdtemp(path.join(os.tmpdir(), "prof-"));
const SITES = ["sticky-header","lazy-images","cookie-banner","long-article","animated","lazy-widget","bot-wall"];
let i = 0; const t0 = Date.now(); const ms: number[] = [];
async function worker() { while (i < 28) { const s = SITES[i++ % 7]; const t = Date.now(); const wd = path.join(tmp, String(i)); await mkdir(wd);
  const r = await checkSite({ spec: SceneSpecSchema.parse({ facecam: "x", scenes: [{ url: "{{website}}" }] }), fields: { website: `${site.origin}/fixtures/${s}/?lead=${i}` }, binaries, allowHosts: ["127.0.0.1"], workDir: wd, navigationTimeoutMs: 30000, browser: warm, signal: AbortSignal.timeout(60000) });
  ms.push(Date.now() - t); } }
await Promise.all([worker(), worker(), worker(), worker()]);
console.log("wall", Date.now() - t0, "per check", ms.join(","));
const tick = 100;
for (const p of descendantsOf(process.pid)) {
  const st = readFileSync(`/proc/${p.pid}/stat`, "utf8"); const f = st.slice(st.lastIndexOf(")") + 2).split(" ");
  const cpu = (Number(f[11]) + Number(f[12])) / tick, child = (Number(f[13]) + Number(f[14])) / tick;
  console.log(p.pid, cpu.toFixed(1), child.toFixed(1), p.cmdline.match(/--type=\S+|--utility-sub-type=\S+/g)?.join(" ") ?? p.cmdline.slice(0, 60));
}
console.log("node self", process.cpuUsage());
await warm.close(); await site.close();
