import { isAllowedLinkUrl } from "@loom-lite/schema";

/**
 * Booking pages a landing page shows inside itself. Only these providers' pages are framed (sandboxed,
 * and named in the page's frame-src); any other calendar URL is shown as a link, so a tenant cannot
 * make a prospect's page frame whatever it likes.
 */
const PROVIDERS: ReadonlyArray<{ name: string; host: RegExp }> = [
  { name: "Calendly", host: /^(?:[a-z0-9-]+\.)?calendly\.com$/ },
  { name: "Cal.com", host: /^(?:app\.)?cal\.(?:com|eu)$/ },
  { name: "HubSpot Meetings", host: /^meetings(?:-[a-z0-9]+)?\.hubspot\.com$/ },
  { name: "Google Calendar", host: /^calendar\.google\.com$|^calendar\.app\.google$/ },
  { name: "SavvyCal", host: /^savvycal\.com$/ },
  { name: "Chili Piper", host: /^[a-z0-9-]+\.chilipiper\.com$/ },
  { name: "TidyCal", host: /^tidycal\.com$/ },
  { name: "Zcal", host: /^zcal\.co$/ },
  { name: "YouCanBookMe", host: /^[a-z0-9-]+\.youcanbook\.me$/ },
  { name: "Acuity Scheduling", host: /^[a-z0-9-]+\.(?:as\.me|acuityscheduling\.com)$/ },
];

/**
 * What the sandbox lets a booking page do: run its own scripts with its own storage (its origin is
 * never the landing page's), submit its form, open its own popups (sign-in, "add to calendar"). It may
 * not navigate the landing page or open dialogs over it.
 */
export const CALENDAR_SANDBOX =
  "allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox";

export type CalendarView =
  | { kind: "embed"; url: string; origin: string; provider: string }
  | { kind: "link"; url: string };

/**
 * How a stored calendar URL is shown: framed when it is an https page of a known provider (or of a host
 * the deployment lists), a link when it is some other allowed URL, nothing when its scheme is not
 * allowed at all (rows saved before links were checked).
 */
export function calendarView(url: string | undefined, extraHosts: readonly string[]): CalendarView | null {
  if (!url || !isAllowedLinkUrl(url, "embed")) return null;
  const parsed = new URL(url);
  const host = parsed.hostname.toLowerCase();
  const provider = parsed.protocol === "https:" ? PROVIDERS.find((p) => p.host.test(host))?.name : undefined;
  if (provider) return { kind: "embed", url: parsed.href, origin: parsed.origin, provider };
  if (extraHosts.includes(host))
    return { kind: "embed", url: parsed.href, origin: parsed.origin, provider: host };
  return { kind: "link", url: parsed.href };
}
