import { landingHostSlug } from "./landing";

/**
 * What a request's host is for:
 * - `app`: the platform itself (APP_DOMAIN, its reserved labels such as `app.`, IP literals, and the
 *   hosts listed in APP_HOSTS): API, dashboard, node protocol;
 * - `workspace`: `<slug>.<APP_DOMAIN>`, a workspace's landing pages;
 * - `custom`: any other name, a candidate custom domain (served only when verified, else 404).
 */
export type HostKind =
  | { kind: "app" }
  | { kind: "workspace"; slug: string }
  | { kind: "custom"; hostname: string }
  | { kind: "unknown" };

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

export function classifyHost(rawHost: string, appDomain: string, appHosts: readonly string[] = []): HostKind {
  const hostname = rawHost.toLowerCase().replace(/:\d+$/, "").replace(/\.$/, "");
  const domain = appDomain.toLowerCase();
  if (hostname === domain || IPV4.test(hostname) || hostname.startsWith("[") || appHosts.includes(hostname)) {
    return { kind: "app" };
  }
  const slug = landingHostSlug(hostname, domain);
  if (slug) return { kind: "workspace", slug };
  if (hostname.endsWith(`.${domain}`)) {
    // A reserved label (`app.`, `www.`) is the platform; deeper names are nobody's.
    const label = hostname.slice(0, -(domain.length + 1));
    return label.includes(".") ? { kind: "unknown" } : { kind: "app" };
  }
  return { kind: "custom", hostname };
}
