import { stripVTControlCharacters } from "node:util";
import { FINAL_RENDER_STATES } from "@loom-lite/schema";
import type { ApiClient, Schemas } from "@loom-lite/testkit/api-client";
import cliProgress from "cli-progress";

type Lead = Schemas["LeadWithRender"];

import { logLine, setLogSink } from "@loom-lite/testkit/log";

const FINAL: readonly string[] = FINAL_RENDER_STATES;

export const leadLabel = (lead: Lead) =>
  [lead.fields.first_name, lead.fields.company ? `(${lead.fields.company})` : ""].filter(Boolean).join(" ");

const CLEAR_TO_EOL = "\u001b[K";

function fitToWidth(line: string, columns: number): string[] {
  const plain = stripVTControlCharacters(line);
  if (plain.length < columns) return [line];
  const width = Math.max(columns - 1, 20);
  const parts: string[] = [];
  for (let i = 0; i < plain.length; i += width) parts.push(plain.slice(i, i + width));
  return parts;
}

export interface WatchResult {
  leads: Lead[];
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
          // Log lines are written over the bars' rows; a bar that did not change must be drawn again.
          forceRedraw: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  // Lines wider than the terminal wrap and throw off the bars' cursor arithmetic, and a short line
  // written over a bar leaves its tail behind: split long lines, clear to the end of each.
  if (multibar) {
    const columns = process.stdout.columns || 80;
    setLogSink((line) =>
      multibar.log(
        fitToWidth(line, columns)
          .map((l) => `${l}${CLEAR_TO_EOL}\n`)
          .join(""),
      ),
    );
  }
  const bars = new Map<string, cliProgress.SingleBar>();
  const lastSeen = new Map<string, string>();

  let leads: Lead[] = [];
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
          // Every bar line must fit on one terminal row, error messages included.
          const columns = process.stdout.columns || 80;
          const barsize = Math.min(40, Math.max(10, columns - width - 40));
          const shown = state.slice(0, Math.max(10, columns - width - barsize - 16));
          const bar = bars.get(lead.id) ?? multibar.create(100, 0, { label, state: shown }, { barsize });
          bars.set(lead.id, bar);
          bar.update(percent, { label, state: shown });
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
