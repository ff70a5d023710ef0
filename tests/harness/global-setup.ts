import { fakeBunnyVars, startFakeThirdParties } from "@loom-lite/testkit/fake-third-parties";
import type { TestProject } from "vitest/node";
import { startStack } from "./stack";

declare module "vitest" {
  export interface ProvidedContext {
    /** The fake third parties (Bunny Storage) the Worker and the nodes talk to, on 127.0.0.1. */
    fakeUrl: string;
  }
}

/** Lease expiry in the integration stack: short, so the kill -9 test does not wait 30 s. */
export const LEASE_TTL_MS = 8000;

/**
 * The integration suites' stack; render nodes are started by each suite, as separate processes. The
 * Worker can delete from the fake Bunny Storage, which nodes configured for Bunny publish to.
 */
export default async function setup(project: TestProject) {
  const fake = await startFakeThirdParties();
  const stopStack = await startStack(project, {
    name: "integration",
    facecamSeconds: { short: 2, long: 12 },
    leaseTtlMs: LEASE_TTL_MS,
    vars: { RETRY_BASE_MS: "500", ...fakeBunnyVars(fake.url) },
  });
  project.provide("fakeUrl", fake.url);
  return async () => {
    await stopStack();
    await fake.close();
  };
}
