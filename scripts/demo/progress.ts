import { FINAL_RENDER_STATES } from "@loom-lite/schema";
import cliProgress from "cli-progress";
import type { ApiClient, ApiLead } from "../lib/api-client";
import { logLine, setLogSink } from "../lib/log";

const FINAL: readonly string[] = FINAL_RENDER_STATES;

export const leadLabel = (lead: ApiLead) =>
  [lead.fields.first_name, lead.fields.company ? `(${lead.fields.company})` : ""].filter(Boolean).join(" ");

export interface WatchResult {
  leads: ApiLead[];
  /** From the start of watching until every render was final, or null on timeout. */
  wallMs: number | null;
}

/**
 * Polls the campaign's leads until every render is final, drawing a bar per lead on a terminal (other
 * log lines go above the bars) and a line per change elsewhere. Bounded by `timeoutMs`.
 */
export async function watchRenders(
  client: ApiClient,
  campaignId: string,
  opts: { timeoutMs: number; pollMs?: number; startedAt?: number; isStopping?: () => boolean },
): Promise<WatchResult> {
  const started = opts.startedAt ?? Date.now();
  const deadline = Date.now() + opts.timeoutMs;
  const tty = Boolean(process.stdout.isTTY);
  const multibar = tty
    ? new cliProgress.MultiBar(
        {
          format: " {label} |{bar}| {percentage}% · {state}",
          barCompleteChar: "█",
          barIncompleteChar: "░",
          hideCursor: true,
          clearOnComplete: false,
          stopOnComplete: false,
          autopadding: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  if (multibar) setLogSink((line) => multibar.log(`${line}\n`));
  const bars = new Map<string, cliProgress.SingleBar>();
  const lastSeen = new Map<string, string>();

  let leads: ApiLead[] = [];
  try {
    while (Date.now() < deadline && !opts.isStopping?.()) {
      try {
        leads = await client.getLeads(campaignId);
      } catch (err) {
        logLine(`[demo] could not read render progress: ${err instanceof Error ? err.message : err}`);
      }
      const width = Math.max(...leads.map((l) => leadLabel(l).length), 8);
      for (const lead of leads) {
        const r = lead.render;
        const percent = r ? Math.round((r.state === "done" ? 1 : r.progress) * 100) : 0;
        const state = r ? (r.error ? `${r.state}: ${r.error}` : (r.stage ?? r.state)) : "not queued";
        const label = leadLabel(lead).padEnd(width);
        if (multibar) {
          const bar = bars.get(lead.id) ?? multibar.create(100, 0, { label, state });
          bars.set(lead.id, bar);
          bar.update(percent, { label, state });
        } else {
          const seen = `${state} ${Math.floor(percent / 25)}`;
          if (lastSeen.get(lead.id) !== seen) {
            lastSeen.set(lead.id, seen);
            logLine(`[demo] ${label} ${String(percent).padStart(3)}% ${state}`);
          }
        }
      }
      if (leads.length > 0 && leads.every((l) => l.render && FINAL.includes(l.render.state))) {
        return { leads, wallMs: Date.now() - started };
      }
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 1000));
    }
    return { leads, wallMs: null };
  } finally {
    multibar?.stop();
    setLogSink(null);
  }
}
