import { bareHostname, isIpLiteral, isLocalHostname, isWithin } from "../../lib/hostnames";
import { isWebUrl, normalizeWebsite } from "../lead-fields";

/** Longer than any real home page address; the scene URL limit is 2,048. */
export const MAX_SAMPLE_URL_LENGTH = 500;
const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "::1"]);

export interface SampleUrlPolicy {
  environment: "development" | "production";
  /** The platform's own names (APP_DOMAIN, APP_HOSTS, LANDING_DOMAIN): a sample never films them. */
  platformHosts: readonly string[];
}

/**
 * A visitor's website for a sample, written as a lead's website may be (`example.com` gets https://),
 * then judged by what the URL says: http(s) only, no user name or password, a public host name (no IP
 * literal in any spelling, no local or internal name, not the platform itself). A local stack may also
 * film this machine by name (its demo sites). The render node's egress guard still enforces the same
 * rules on every request the page makes (redirects, DNS answers, subresources).
 */
export function checkSampleUrl(
  raw: string,
  policy: SampleUrlPolicy,
): { url: string; host: string } | { problem: string } {
  const text = raw.trim();
  if (text.length === 0) return { problem: "type your website's address, like example.com" };
  if (text.length > MAX_SAMPLE_URL_LENGTH) {
    return { problem: `at most ${MAX_SAMPLE_URL_LENGTH} characters` };
  }
  const normalized = normalizeWebsite(text);
  if (!isWebUrl(normalized))
    return { problem: `"${text.slice(0, 80)}" is not a website address (like example.com)` };
  const url = new URL(normalized);
  if (url.username || url.password) return { problem: "must not carry a user name or password" };
  const host = bareHostname(url.hostname);
  const localDev = policy.environment === "development" && LOOPBACK_NAMES.has(host);
  if (!localDev) {
    if (isIpLiteral(host)) return { problem: "must name a host, not an IP address" };
    if (isLocalHostname(host)) return { problem: `must be a public website; ${host} is local or internal` };
    if (policy.platformHosts.some((name) => isWithin(host, name))) {
      return { problem: `must be your own website, not this platform's (${host})` };
    }
  }
  url.hash = "";
  return { url: url.toString().replace(/\/$/, ""), host };
}
