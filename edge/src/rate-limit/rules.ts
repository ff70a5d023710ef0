import { z } from "zod";

/** What a limit counts by: the client's address, the account named in the body, the signed-in caller, a lead. */
export type RateLimitSubject = "ip" | "email" | "user" | "workspace" | "lead";

interface RuleSpec {
  by: RateLimitSubject;
  /** `<count>/<window>`, the window in s, m, h or d. */
  default: string;
  /** What is being counted, for the 429 message ("Too many <what>"). */
  what: string;
}

/**
 * Every limit the platform enforces, with its default. `RATE_LIMITS` overrides any of them by name
 * (`sign_in_ip=5/15m,beacon_ip=30/1m`); `*` sets every rule at once and later entries win.
 */
export const RATE_LIMIT_RULES = {
  sign_in_ip: { by: "ip", default: "20/5m", what: "sign-in attempts from this address" },
  sign_in_email: { by: "email", default: "10/15m", what: "sign-in attempts for this account" },
  sign_up_ip: { by: "ip", default: "10/1h", what: "sign-ups from this address" },
  password_reset_ip: { by: "ip", default: "10/1h", what: "password resets from this address" },
  password_reset_email: { by: "email", default: "3/1h", what: "password reset emails for this account" },
  verification_email_ip: { by: "ip", default: "10/1h", what: "verification emails from this address" },
  verification_email_email: { by: "email", default: "3/1h", what: "verification emails for this account" },
  invitation_accept_ip: { by: "ip", default: "20/10m", what: "invitation accepts from this address" },
  invitation_accept_user: { by: "user", default: "10/10m", what: "invitation accepts by this user" },
  api_key_create_ip: { by: "ip", default: "20/1h", what: "API keys created from this address" },
  api_key_create_workspace: { by: "workspace", default: "20/1h", what: "API keys created in this workspace" },
  lead_import_ip: { by: "ip", default: "60/10m", what: "lead imports from this address" },
  lead_import_workspace: { by: "workspace", default: "30/10m", what: "lead imports in this workspace" },
  beacon_ip: { by: "ip", default: "120/10m", what: "page events from this address" },
  beacon_lead: { by: "lead", default: "300/1h", what: "page events for this lead" },
  booking_lead: { by: "lead", default: "5/1d", what: "bookings for this lead" },
  contact_ip: { by: "ip", default: "5/1h", what: "contact form messages from this address" },
  try_it_ip: { by: "ip", default: "3/1h", what: "samples from this address (3 an hour)" },
  // Public, and each call queries the database and the render gate; monitors poll about once a minute.
  deep_health_ip: { by: "ip", default: "60/1m", what: "deep health checks from this address" },
} as const satisfies Record<string, RuleSpec>;

export type RateLimitRule = keyof typeof RATE_LIMIT_RULES;
export const RATE_LIMIT_RULE_NAMES = Object.keys(RATE_LIMIT_RULES) as RateLimitRule[];

export interface RateLimit {
  limit: number;
  windowMs: number;
}
export type RateLimits = Record<RateLimitRule, RateLimit>;

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const LIMIT = /^(\d{1,7})\/(\d{1,4})([smhd])$/;

/** `20/5m` → 20 per 5 minutes; null when it is not of that form. */
export function parseLimit(text: string): RateLimit | null {
  const m = LIMIT.exec(text.trim());
  if (!m) return null;
  const limit = Number(m[1]);
  const windowMs = Number(m[2]) * UNIT_MS[m[3] as keyof typeof UNIT_MS];
  if (limit < 1 || windowMs < 1_000) return null;
  return { limit, windowMs };
}

function defaults(): RateLimits {
  return Object.fromEntries(
    RATE_LIMIT_RULE_NAMES.map((rule) => [rule, parseLimit(RATE_LIMIT_RULES[rule].default)]),
  ) as RateLimits;
}

/** The RATE_LIMITS variable: defaults, then each `name=count/window` entry in order. */
export const rateLimitsSchema = z
  .string()
  .default("")
  .transform((text, ctx): RateLimits => {
    const limits = defaults();
    for (const entry of text
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean)) {
      const [name = "", value = ""] = entry.split("=", 2).map((p) => p.trim());
      const parsed = parseLimit(value);
      if (!parsed) {
        ctx.addIssue({
          code: "custom",
          message: `"${entry}": write name=count/window, e.g. sign_in_ip=5/15m`,
        });
        continue;
      }
      if (name === "*") {
        for (const rule of RATE_LIMIT_RULE_NAMES) limits[rule] = parsed;
      } else if (name in RATE_LIMIT_RULES) {
        limits[name as RateLimitRule] = parsed;
      } else {
        ctx.addIssue({
          code: "custom",
          message: `"${name}" is not a rate limit; one of ${RATE_LIMIT_RULE_NAMES.join(", ")} or *`,
        });
      }
    }
    return limits;
  });
