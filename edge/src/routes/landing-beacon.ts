import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { html, raw } from "hono/html";
import type { AppEnv } from "../context";
import { describeZodError, errorBody } from "../errors";
import { isCountedVisitor } from "../lib/visitors";
import type { LandingLead } from "../services/landing";
import { recordLeadEvent } from "../services/lead-events";

/** What a landing page's beacon sends. */
export const BeaconSchema = z.discriminatedUnion("type", [
  z.object({ type: z.enum(["view", "play", "cta_click", "booked"]), visitId: z.string().max(64).optional() }),
  z.object({
    type: z.literal("progress"),
    percent: z.union([z.literal(25), z.literal(50), z.literal(75), z.literal(100)]),
    visitId: z.string().max(64).optional(),
  }),
]);
export type Beacon = z.infer<typeof BeaconSchema>;

const MAX_BEACON_BYTES = 1024;

/**
 * Records one beacon from a lead's page. Answers 204 whether or not it was counted (a bot learns
 * nothing), 400 naming the field when the body is not a beacon.
 */
export async function acceptBeacon(
  c: Context<AppEnv>,
  lead: LandingLead,
  onRecorded: (beacon: Beacon) => void = () => {},
) {
  const text = await c.req.text();
  if (text.length > MAX_BEACON_BYTES) return errorBody(c, "BAD_REQUEST", "body: at most 1 KB");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return errorBody(c, "BAD_REQUEST", "body: not JSON");
  }
  const parsed = BeaconSchema.safeParse(json);
  if (!parsed.success) return errorBody(c, "BAD_REQUEST", describeZodError(parsed.error));
  if (!isCountedVisitor(c.req.header("user-agent"))) return c.body(null, 204);
  await recordLeadEvent(c.get("db"), {
    workspaceId: lead.workspaceId,
    campaignId: lead.campaignId,
    leadId: lead.leadId,
    type: parsed.data.type,
    percent: parsed.data.type === "progress" ? parsed.data.percent : undefined,
    visitId: parsed.data.visitId,
  });
  onRecorded(parsed.data);
  return c.body(null, 204);
}

/**
 * The page's tracker: a view on load, the first play, watch progress at 25/50/75/100 %, CTA clicks,
 * and a booking announced by the calendar embed (Calendly `calendly.event_scheduled`, Cal.com
 * `bookingSuccessful`, HubSpot `meetingBookSucceeded`), only from the embed's own origin.
 */
const TRACKER = `(() => {
  const url = location.pathname.replace(/\\/$/, "") + "/events";
  const visitId = Math.random().toString(36).slice(2) + Date.now().toString(36);
  const send = (type, extra) => {
    const body = JSON.stringify(Object.assign({ type, visitId }, extra));
    const blob = new Blob([body], { type: "application/json" });
    if (!(navigator.sendBeacon && navigator.sendBeacon(url, blob))) {
      fetch(url, { method: "POST", body, keepalive: true, headers: { "content-type": "application/json" } });
    }
  };
  send("view");
  const video = document.querySelector("video");
  if (video) {
    let played = false;
    const reached = new Set();
    const mark = (percent) => { if (!reached.has(percent)) { reached.add(percent); send("progress", { percent }); } };
    video.addEventListener("play", () => { if (!played) { played = true; send("play"); } });
    video.addEventListener("timeupdate", () => {
      if (!video.duration) return;
      const at = (video.currentTime / video.duration) * 100;
      for (const p of [25, 50, 75]) if (at >= p) mark(p);
      if (at >= 99.5) mark(100);
    });
    video.addEventListener("ended", () => mark(100));
  }
  for (const a of document.querySelectorAll("[data-track=cta]")) a.addEventListener("click", () => send("cta_click"));
  const calendar = document.querySelector("iframe.calendar");
  const calendarOrigin = calendar ? new URL(calendar.src).origin : null;
  let booked = false;
  addEventListener("message", (e) => {
    if (booked || !calendarOrigin || e.origin !== calendarOrigin) return;
    const d = e.data;
    const name = typeof d === "string" ? d : d && (d.event || d.type || d.method || (d.meetingBookSucceeded ? "meetingBookSucceeded" : ""));
    if (/event_scheduled|bookingSuccessful|meetingBookSucceeded/.test(String(name))) { booked = true; send("booked"); }
  });
})();`;

export function trackerScript(nonce: string) {
  return html`<script nonce="${nonce}">${raw(TRACKER)}</script>`;
}
