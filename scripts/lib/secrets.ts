import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Local-only secrets, generated on the first start and kept so a second start reuses the same data. */
export interface LocalSecrets {
  adminToken: string;
  /** Read-only token of the queue metrics (GET /api/metrics), so `npm run dev` shows them too. */
  metricsToken: string;
  betterAuthSecret: string;
  /** The demo render node, registered through the admin API. */
  node?: { id: string; token: string };
}

const generate = () => randomBytes(32).toString("base64url");

export function loadSecrets(file: string): LocalSecrets {
  const stored: Partial<LocalSecrets> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  const secrets: LocalSecrets = {
    ...stored,
    adminToken: stored.adminToken ?? generate(),
    metricsToken: stored.metricsToken ?? generate(),
    betterAuthSecret: stored.betterAuthSecret ?? generate(),
  };
  saveSecrets(file, secrets);
  return secrets;
}

export function saveSecrets(file: string, secrets: LocalSecrets): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
}
