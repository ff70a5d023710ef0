import ipaddr from "ipaddr.js";

/**
 * Suffixes that name something on one machine or one private network (RFC 6761 and 6762, RFC 8375,
 * the cloud metadata `.internal`, and the private-use names ICANN will never delegate), or that are
 * reserved for examples and tests.
 */
const LOCAL_SUFFIXES = [
  "localhost",
  "local",
  "localdomain",
  "internal",
  "intranet",
  "lan",
  "home",
  "corp",
  "private",
  "home.arpa",
  "test",
  "example",
  "invalid",
];

/** A hostname as URL parsing leaves it, lowercased, without a trailing dot or IPv6 brackets. */
export function bareHostname(hostname: string): string {
  return hostname
    .trim()
    .toLowerCase()
    .replace(/\.$/, "")
    .replace(/^\[(.*)\]$/, "$1");
}

/** An IPv4 or IPv6 literal, in any spelling ipaddr.js reads (dotted, decimal, octal, hex). */
export function isIpLiteral(hostname: string): boolean {
  return ipaddr.isValid(bareHostname(hostname));
}

/** True for `localhost`, `*.localhost`, IP literals, single labels and the local suffixes above. */
export function isLocalHostname(hostname: string): boolean {
  const host = bareHostname(hostname);
  if (isIpLiteral(host) || !host.includes(".")) return true;
  return LOCAL_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`));
}

/** `host` is `domain` or one of its subdomains. */
export function isWithin(host: string, domain: string): boolean {
  const d = bareHostname(domain);
  return d !== "" && (host === d || host.endsWith(`.${d}`));
}
