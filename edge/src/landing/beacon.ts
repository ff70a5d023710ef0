import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { html, raw } from "hono/html";
import type { AppEnv } from "../context";
import { describeZodError, errorBody } from "../errors";
import { bodyTextWithin } from "../lib/bounded-body";
import { clientAddress } from "../lib/client-address";
import { isCountedVisitor } from "../lib/visitors";
import { refuseWhenLimited } from "../middleware/rate-limit";
import { recordLeadEvent } from "../services/lead-events";
import type { LandingLead } from "./leads";
import { isTeamBrowser } from "./team-mark";

const VisitId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "the page's visit id (letters, digits, - and _, at most 64)");

/** What a landing page's beacon sends. */
export const BeaconSchema = z.discriminatedUnion("type", [
  z.object({ type: z.enum(["view", "play", "cta_click"]), visitId: VisitId }),
  z.object({
    type: z.literal("progress"),
    percent: z.union([z.literal(25), z.literal(50), z.literal(75), z.literal(100)]),
    visitId: VisitId,
  }),
  z.object({
    type: z.literal("booked"),
    visitId: VisitId,
    /** The calendar's id of the booking, relayed from the embed's message (Calendly's event URI). */
    calendarEventId: z.string().trim().min(1).max(300).optional(),
  }),
]);
export type Beacon = z.infer<typeof BeaconSchema>;

const MAX_BEACON_BYTES = 1024;

/**
 * Records one beacon from a lead's page. Answers 204 whether or not it was counted (a bot or a repeat
 * learns nothing), 400 naming the field when the body is not a beacon, 429 past the limits per
 * address, per lead and (for bookings) per lead and day. A browser carrying the workspace's team mark
 * is recorded as the team's (audience `team`), never as the prospect's. `onFirst` runs only for a
 * prospect's event the lead did not have yet, so a replayed beacon never fans out to webhooks again
 * and a rep's own visit never does.
 */
export async function acceptBeacon(
  c: Context<AppEnv>,
  lead: LandingLead,
  onFirst: (beacon: Beacon) => void = () => {},
) {
  const byAddress = await refuseWhenLimited(c, [["beacon_ip", clientAddress(c.req.raw.headers)]]);
  if (byAddress) return byAddress;
  const text = await bodyTextWithin(c, MAX_BEACON_BYTES);
  if (text === null) return errorBody(c, "BAD_REQUEST", "body: at most 1 KB");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return errorBody(c, "BAD_REQUEST", "body: not JSON");
  }
  const parsed = BeaconSchema.safeParse(json);
  if (!parsed.success) return errorBody(c, "BAD_REQUEST", describeZodError(parsed.error));
  if (!isCountedVisitor(c.req.header("user-agent"))) return c.body(null, 204);
  const beacon = parsed.data;
  const byLead = await refuseWhenLimited(c, [
    ["beacon_lead", lead.leadId],
    ...(beacon.type === "booked" ? ([["booking_lead", lead.leadId]] as const) : []),
  ]);
  if (byLead) return byLead;
  const audience = (await isTeamBrowser(c, lead.workspaceId)) ? "team" : "prospect";
  const first = await recordLeadEvent(c.get("db"), {
    audience,
    workspaceId: lead.workspaceId,
    campaignId: lead.campaignId,
    leadId: lead.leadId,
    type: beacon.type,
    percent: beacon.type === "progress" ? beacon.percent : undefined,
    visitId: beacon.visitId,
    calendarEventId: beacon.type === "booked" ? beacon.calendarEventId : undefined,
  });
  if (first && audience === "prospect") onFirst(beacon);
  return c.body(null, 204);
}

/**
 * The page's tracker: a view on load, the first play, watch progress at 25/50/75/100 %, the first CTA
 * click, and a booking announced by the calendar embed (Calendly `calendly.event_scheduled`, Cal.com
 * `bookingSuccessful`, HubSpot `meetingBookSucceeded`), only from the embed's own origin, with the
 * calendar's id of the booking when the message carries one (Calendly `payload.event.uri`, Cal.com
 * `data.uid` or `data.booking.uid`). Each goes once per page load (the visit); the server drops repeats.
 */
const TRACKER = `(() => {
  const url = location.pathname.replace(/\\/$/, "") + "/events";
  const visitId = crypto.randomUUID ? crypto.randomUUID() : Math.random().toString(36).slice(2) + Date.now().toString(36);
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
  let clicked = false;
  for (const a of document.querySelectorAll("[data-track=cta]")) a.addEventListener("click", () => { if (!clicked) { clicked = true; send("cta_click"); } });
  const calendar = document.querySelector("iframe.calendar");
  const calendarOrigin = calendar ? new URL(calendar.src).origin : null;
  const bookings = new Set();
  const bookingIdOf = (d) => {
    const id = d && typeof d === "object" && ((d.payload && d.payload.event && d.payload.event.uri) || (d.data && (d.data.uid || (d.data.booking && d.data.booking.uid))));
    return typeof id === "string" || typeof id === "number" ? String(id).slice(0, 300) : undefined;
  };
  addEventListener("message", (e) => {
    if (!calendarOrigin || e.origin !== calendarOrigin) return;
    const d = e.data;
    const name = typeof d === "string" ? d : d && (d.event || d.type || d.method || (d.meetingBookSucceeded ? "meetingBookSucceeded" : ""));
    if (!/event_scheduled|bookingSuccessful|meetingBookSucceeded/.test(String(name))) return;
    const calendarEventId = bookingIdOf(d);
    const once = calendarEventId || "";
    if (bookings.has(once)) return;
    bookings.add(once);
    send("booked", calendarEventId ? { calendarEventId } : {});
  });
})();`;

export function trackerScript(nonce: string) {
  return html`<script nonce="${nonce}">${raw(TRACKER)}</script>`;
}
