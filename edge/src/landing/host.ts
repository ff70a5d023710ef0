import type { Env } from "../env";
import { landingHostSlug } from "./leads";

/**
 * What a request's host is for:
 * - `app`: the platform itself (APP_DOMAIN, its reserved labels such as `app.`, IP literals, and the
 *   hosts listed in APP_HOSTS): API, dashboard, node protocol;
 * - `workspace`: `<slug>.<LANDING_DOMAIN>`, a workspace's landing pages;
 * - `moved`: `<slug>.<APP_DOMAIN>` when landing pages have their own domain: links sent before the
 *   move, redirected there;
 * - `custom`: any other name, a candidate custom domain (served only when verified, else 404).
 */
export type HostKind =
  | { kind: "app" }
  | { kind: "workspace"; slug: string }
  | { kind: "moved"; slug: string }
  | { kind: "custom"; hostname: string }
  | { kind: "unknown" };

export type PlatformDomains = Pick<Env, "APP_DOMAIN" | "LANDING_DOMAIN" | "APP_HOSTS">;

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** `name` is `domain` itself or a name under it. */
function within(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`);
}

/** The host a request was sent to; requests made inside workerd (service bindings, tests) may carry no Host header, the URL has it. */
export function hostOf(request: Request): string {
  return request.headers.get("host") ?? new URL(request.url).host;
}

export function classifyHost(rawHost: string, domains: PlatformDomains): HostKind {
  const hostname = rawHost.toLowerCase().replace(/:\d+$/, "").replace(/\.$/, "");
  const app = domains.APP_DOMAIN.toLowerCase();
  const landing = domains.LANDING_DOMAIN.toLowerCase();
  if (
    hostname === app ||
    IPV4.test(hostname) ||
    hostname.startsWith("[") ||
    domains.APP_HOSTS.includes(hostname)
  ) {
    return { kind: "app" };
  }
  const slug = landingHostSlug(hostname, landing);
  if (slug) return { kind: "workspace", slug };
  if (landing !== app) {
    // The landing domain holds workspaces' pages and nothing else.
    if (within(hostname, landing)) return { kind: "unknown" };
    const moved = landingHostSlug(hostname, app);
    if (moved) return { kind: "moved", slug: moved };
  }
  if (hostname.endsWith(`.${app}`)) {
    // A reserved label (`app.`, `www.`) is the platform; deeper names are nobody's.
    const label = hostname.slice(0, -(app.length + 1));
    return label.includes(".") ? { kind: "unknown" } : { kind: "app" };
  }
  return { kind: "custom", hostname };
}

/** The platform's own domains, which no customer may claim as a custom domain. */
export function platformDomains(domains: PlatformDomains): string[] {
  return [...new Set([domains.APP_DOMAIN, domains.LANDING_DOMAIN].map((d) => d.toLowerCase()))];
}
