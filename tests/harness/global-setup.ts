import type { TestProject } from "vitest/node";
import { startStack } from "./stack";

/** Lease expiry in the integration stack: short, so the kill -9 test does not wait 30 s. */
export const LEASE_TTL_MS = 8000;

/** The integration suites' stack; render nodes are started by each suite, as separate processes. */
export default function setup(project: TestProject) {
  return startStack(project, {
    name: "integration",
    facecamSeconds: { short: 2, long: 12 },
    leaseTtlMs: LEASE_TTL_MS,
    vars: { RETRY_BASE_MS: "500" },
  });
}
