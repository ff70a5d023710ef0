import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";

/**
 * Keeps customer-chosen pages away from private, loopback, link-local and metadata addresses. Requests
 * are checked before they leave (scheme, host, resolved addresses), and every response is checked
 * again by the address Chromium actually connected to, which catches redirects and DNS rebinding; a
 * capture that touched a forbidden address is thrown away instead of published.
 */
export class EgressGuard {
  private readonly exactHosts: Set<string>;
  private readonly suffixHosts: string[];
  private readonly allowAll: boolean;
  private readonly lookups = new Map<string, Promise<string | null>>();

  constructor(allowHosts: readonly string[]) {
    const names = allowHosts.map((h) => h.trim().toLowerCase()).filter(Boolean);
    this.allowAll = names.includes("*");
    this.exactHosts = new Set(names.filter((h) => !h.startsWith("*.")));
    this.suffixHosts = names.filter((h) => h.startsWith("*.")).map((h) => h.slice(1));
  }

  isAllowedHost(hostname: string): boolean {
    const host = stripBrackets(hostname.toLowerCase());
    return this.allowAll || this.exactHosts.has(host) || this.suffixHosts.some((s) => host.endsWith(s));
  }

  /** Why a URL may not be loaded, or null when it may. */
  async checkUrl(rawUrl: string): Promise<string | null> {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return "it is not a valid URL";
    }
    if (url.protocol === "data:" || url.protocol === "blob:" || url.protocol === "about:") return null;
    if (url.protocol !== "http:" && url.protocol !== "https:")
      return `the ${url.protocol} scheme is not allowed`;
    if (this.isAllowedHost(url.hostname)) return null;
    const host = stripBrackets(url.hostname);
    if (ipaddr.isValid(host)) return forbiddenAddressReason(host);
    let cached = this.lookups.get(host);
    if (!cached) {
      cached = resolveAndCheck(host);
      this.lookups.set(host, cached);
    }
    return cached;
  }

  /** Why a response from `address` (the IP Chromium connected to) must not be used, or null. */
  checkServerAddress(hostname: string, address: string): string | null {
    if (this.isAllowedHost(hostname)) return null;
    return forbiddenAddressReason(address);
  }
}

async function resolveAndCheck(host: string): Promise<string | null> {
  try {
    const addresses = await lookup(host, { all: true, verbatim: true });
    for (const { address } of addresses) {
      const reason = forbiddenAddressReason(address);
      if (reason) return `${host} resolves to ${reason.replace(/^it is /, "")}`;
    }
    return null;
  } catch {
    // Let the browser fail the lookup itself, so the user sees the browser's DNS error.
    return null;
  }
}

/** Only public unicast addresses may be reached. */
export function forbiddenAddressReason(address: string): string | null {
  const host = stripBrackets(address);
  if (!ipaddr.isValid(host)) return null;
  const parsed = ipaddr.process(host);
  const range = parsed.range();
  if (range === "unicast") return null;
  return `it is a ${range} address (${parsed.toString()})`;
}

function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}
