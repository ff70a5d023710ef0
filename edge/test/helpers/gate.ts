import { env, runInDurableObject } from "cloudflare:test";
import type { RenderGate } from "../../src/gate/render-gate";

let counter = 0;

/** A gate object of its own for one test (the Worker itself uses the one named "global"). */
export function freshGate(label: string): DurableObjectStub<RenderGate> {
  counter += 1;
  const ns = env.RENDER_GATE;
  return ns.get(ns.idFromName(`test-${label}-${counter}-${Date.now()}`));
}

export function globalGate(): DurableObjectStub<RenderGate> {
  const ns = env.RENDER_GATE;
  return ns.get(ns.idFromName("global"));
}

/** Releases every permit, which also clears the object's alarm, so nothing fires after the test. */
export async function drainGate(stub: DurableObjectStub<RenderGate>): Promise<void> {
  const { permits } = await stub.snapshot();
  for (const p of permits) await stub.release(p.leaseId);
}

/**
 * Moves one permit's expiry into the past, as if its lease ran out, without waiting on the wall clock
 * (a loaded machine makes short real leases expire early or late).
 */
export async function expirePermit(stub: DurableObjectStub<RenderGate>, leaseId: string): Promise<void> {
  await runInDurableObject(stub, (_instance, state) => {
    state.storage.sql.exec("UPDATE permits SET expires_at = ? WHERE lease_id = ?", Date.now() - 1, leaseId);
  });
}

/** A new stub for the same object: stubs break when their object is aborted. */
export function reopen(stub: DurableObjectStub<RenderGate>): DurableObjectStub<RenderGate> {
  const ns = env.RENDER_GATE;
  return ns.get(stub.id);
}
