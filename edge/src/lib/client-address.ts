import ipaddr from "ipaddr.js";

/**
 * Who is calling, for rate limits: Cloudflare's `cf-connecting-ip` (set by Cloudflare on every request,
 * whatever the client sent). An IPv6 client is counted by its /64, the block one subscriber gets, so
 * that rotating through its own addresses buys nothing. Without the header (local tools), every such
 * caller shares one count.
 */
export function clientAddress(headers: Headers): string {
  const raw = headers.get("cf-connecting-ip")?.trim() ?? "";
  if (!ipaddr.isValid(raw)) return "unknown";
  const address = ipaddr.process(raw);
  if (address.kind() === "ipv4") return address.toString();
  const prefix = ipaddr.IPv6.networkAddressFromCIDR(`${address.toNormalizedString()}/64`);
  return `${prefix.toString()}/64`;
}
