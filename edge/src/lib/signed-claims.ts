import { sign, verify } from "hono/jwt";

/**
 * Short claims signed by the platform (HS256 JWTs through Hono's JWT helper, on WebCrypto), each kind
 * under its own key derived from one existing secret with HKDF, so a value signed for one purpose
 * never verifies as another.
 */

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

/** The HMAC key for `purpose`, derived from `secret` (HKDF-SHA-256); kept per isolate. */
function keyFor(secret: string, purpose: string): Promise<CryptoKey> {
  const id = `${purpose}\u0000${secret}`;
  let key = keys.get(id);
  if (!key) {
    key = crypto.subtle
      .importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"])
      .then((material) =>
        crypto.subtle.deriveKey(
          {
            name: "HKDF",
            hash: "SHA-256",
            salt: encoder.encode("loom-lite signed claims"),
            info: encoder.encode(purpose),
          },
          material,
          { name: "HMAC", hash: "SHA-256", length: 256 },
          false,
          ["sign", "verify"],
        ),
      );
    keys.set(id, key);
  }
  return key;
}

export interface SignedClaimsKey {
  /** The secret the key is derived from (BETTER_AUTH_SECRET). */
  secret: string;
  /** What the claims are for; also their audience. */
  purpose: string;
}

/** Signs `claims`, valid until `expiresAt`. */
export async function signClaims(
  key: SignedClaimsKey,
  claims: Record<string, string>,
  expiresAt: Date,
  now = new Date(),
): Promise<string> {
  return sign(
    {
      ...claims,
      aud: key.purpose,
      iat: Math.floor(now.getTime() / 1000),
      exp: Math.floor(expiresAt.getTime() / 1000),
    },
    await keyFor(key.secret, key.purpose),
    "HS256",
  );
}

/**
 * The claims of `token` when it was signed with this key for this purpose and has not expired;
 * null for anything else (forged, altered, expired, another purpose, not a token at all).
 */
export async function verifiedClaims(
  key: SignedClaimsKey,
  token: string,
): Promise<Record<string, unknown> | null> {
  try {
    const payload = await verify(token, await keyFor(key.secret, key.purpose), {
      alg: "HS256",
      aud: key.purpose,
    });
    // Hono checks `exp` only when present; these claims always carry one.
    if (typeof payload.exp !== "number") return null;
    return payload;
  } catch {
    return null;
  }
}
