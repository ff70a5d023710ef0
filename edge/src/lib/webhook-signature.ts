/**
 * Webhook signatures in Stripe's scheme: `Loom-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` over
 * `${t}.${body}` with the endpoint's secret. The timestamp inside the signed text stops replays of an
 * old body; receivers compare in constant time and refuse timestamps outside a tolerance.
 */
export const SIGNATURE_HEADER = "loom-signature";

const encoder = new TextEncoder();

async function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
}

function hex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function fromHex(text: string): Uint8Array | null {
  if (!/^(?:[0-9a-f]{2})+$/i.test(text)) return null;
  return new Uint8Array(text.match(/../g)?.map((h) => Number.parseInt(h, 16)) ?? []);
}

export async function signatureHeader(secret: string, body: string, timestamp: number): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(`${timestamp}.${body}`));
  return `t=${timestamp},v1=${hex(mac)}`;
}

/** True when `header` signs `body` with `secret` and its timestamp is within `toleranceS` of now. */
export async function verifySignature(
  secret: string,
  header: string,
  body: string,
  opts: { toleranceS?: number; now?: number } = {},
): Promise<boolean> {
  const parts = new Map(
    header.split(",").map((p) => {
      const i = p.indexOf("=");
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get("t"));
  const mac = fromHex(parts.get("v1") ?? "");
  if (!Number.isInteger(t) || !mac) return false;
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (opts.toleranceS ?? 300)) return false;
  // crypto.subtle.verify compares in constant time.
  return crypto.subtle.verify("HMAC", await hmacKey(secret), mac, encoder.encode(`${t}.${body}`));
}
