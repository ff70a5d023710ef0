import { readdirSync, readFileSync } from "node:fs";

/** Chromium processes still running for any of these renders (a render's profile folder is named after it). */
export function chromiumProcessesOf(renderIds: readonly string[]): number[] {
  const markers = renderIds.map((id) => `loom-chromium-${id}-`);
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
    } catch {
      continue; // exited while we looked
    }
    if (markers.some((m) => cmdline.includes(m))) found.push(Number(entry));
  }
  return found;
}

/** The node process's resident memory from its own metrics, or null while it does not answer. */
export async function residentBytes(nodeUrl: string): Promise<number | null> {
  const text = await fetch(`${nodeUrl}/metrics`, { signal: AbortSignal.timeout(5000) })
    .then((r) => r.text())
    .catch(() => "");
  const match = /^loom_render_node_process_resident_memory_bytes (\d+(?:\.\d+)?(?:e\+\d+)?)$/m.exec(text);
  return match ? Number(match[1]) : null;
}
