/**
 * The values wrangler.toml ships with where only the operator knows the real one: domains under the
 * names RFC 2606 reserves for examples, the all-zero Cloudflare zone id, Stripe prices `price_SET_ME_…`.
 */
const PLACEHOLDERS = [/(^|[.*/@])example\.(com|net|org)\b/i, /^0{32}$/, /SET_ME/];

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDERS.some((p) => p.test(value));
}
