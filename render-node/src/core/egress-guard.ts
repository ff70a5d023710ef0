import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";

/** Names that reach cloud metadata services on some hosts whatever their DNS says. */
const METADATA_HOSTS = new Set(["metadata.google.internal", "metadata.goog", "metadata", "instance-data"]);

export type Resolver = (host: string) => Promise<string[]>;

const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Keeps customer-chosen pages away from private, loopback, link-local, CGNAT and metadata addresses.
 * `checkUrl` answers early (scheme, literal address, what the name resolves to now); the connection
 * itself is made by the egress proxy, which resolves once, checks each address with
 * `checkAddress` and connects to the address it checked, so a name that re-resolves (DNS rebinding)
 * cannot slip through between check and connect.
 */
export class EgressGuard {
  private readonly exactHosts: Set<string>;
  private readonly suffixHosts: string[];
  private readonly allowAll: boolean;
  private readonly lookups = new Map<string, Promise<string | null>>();

  constructor(
    allowHosts: readonly string[],
    readonly resolve: Resolver = systemResolver,
  ) {
    const names = allowHosts.map((h) => stripBrackets(h.trim().toLowerCase())).filter(Boolean);
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
    // Content the page already holds, not a connection.
    if (url.protocol === "data:" || url.protocol === "blob:" || url.href === "about:blank") return null;
    if (!["http:", "https:", "ws:", "wss:"].includes(url.protocol)) {
      return `the ${url.protocol} scheme is not allowed`;
    }
    return this.checkHost(url.hostname);
  }

  /** Why `hostname` may not be reached, judged by what it resolves to right now; null when it may. */
  async checkHost(hostname: string): Promise<string | null> {
    const host = stripBrackets(hostname.toLowerCase());
    const named = this.checkName(host);
    if (named !== undefined) return named;
    let cached = this.lookups.get(host);
    if (!cached) {
      cached = this.resolveAndCheck(host);
      this.lookups.set(host, cached);
    }
    return cached;
  }

  /** Why connecting to `address` for `hostname` is forbidden, or null. */
  checkAddress(hostname: string, address: string): string | null {
    if (this.allowAll) return null;
    const reason = forbiddenAddressReason(address);
    if (!reason) return null;
    // An allowed name may reach private addresses (local development), never a metadata service.
    if (this.isAllowedHost(hostname) && !isMetadataAddress(address)) return null;
    return reason;
  }

  /** A verdict from the name alone (allowed, literal address, metadata name), or undefined. */
  private checkName(host: string): string | null | undefined {
    if (this.allowAll) return null;
    if (METADATA_HOSTS.has(host.replace(/\.$/, ""))) return `${host} is a cloud metadata service`;
    if (ipaddr.isValid(host)) return this.checkAddress(host, host);
    if (this.isAllowedHost(host)) return null;
    return undefined;
  }

  private async resolveAndCheck(host: string): Promise<string | null> {
    let addresses: string[];
    try {
      addresses = await this.resolve(host);
    } catch {
      // Let the browser fail the lookup itself, so the user sees the browser's DNS error.
      return null;
    }
    for (const address of addresses) {
      const reason = this.checkAddress(host, address);
      if (reason)
        return `${host} resolves to ${reason.replace(/^it is an? /, "an ").replace(/^an (?=[^aeiou])/, "a ")}`;
    }
    return null;
  }
}

/**
 * Cloud metadata and platform endpoints. Most sit in ranges refused anyway; Azure's WireServer
 * (168.63.129.16) is a public address, and none of them may be reached even by an allowed host.
 */
const METADATA_ADDRESSES = new Set([
  "169.254.169.254", // AWS, GCP, Azure IMDS, DigitalOcean, …
  "169.254.170.2", // AWS ECS task metadata
  "fd00:ec2::254", // AWS IMDS over IPv6
  "168.63.129.16", // Azure WireServer and platform DNS
  "100.100.100.200", // Alibaba Cloud
  "192.0.0.192", // Oracle Cloud
]);

/** Global unicast IPv6 (RFC 4291); everything outside is special, e.g. IPv4-compatible ::7f00:1. */
const IPV6_GLOBAL_UNICAST = ipaddr.parseCIDR("2000::/3");

/** Only public unicast addresses may be reached. */
export function forbiddenAddressReason(address: string): string | null {
  const host = stripBrackets(address);
  if (!ipaddr.isValid(host)) return null;
  const parsed = ipaddr.process(host);
  const range = parsed.range();
  if (range !== "unicast") return `it is a ${range} address (${parsed.toString()})`;
  if (METADATA_ADDRESSES.has(parsed.toString())) {
    return `it is a cloud metadata address (${parsed.toString()})`;
  }
  if (parsed.kind() === "ipv6" && !parsed.match(IPV6_GLOBAL_UNICAST)) {
    return `it is a reserved IPv6 address (${parsed.toString()})`;
  }
  return null;
}

function isMetadataAddress(address: string): boolean {
  const host = stripBrackets(address);
  return ipaddr.isValid(host) && METADATA_ADDRESSES.has(ipaddr.process(host).toString());
}

export function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}
