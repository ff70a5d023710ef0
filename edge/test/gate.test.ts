import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import type { RenderGate } from "../src/gate/render-gate";
import type { Permit } from "../src/gate/types";
import { drainGate, expirePermit, freshGate, reopen } from "./helpers/gate";

const LEASE_MS = 30_000;
const used: DurableObjectStub<RenderGate>[] = [];

function gate(label: string) {
  const stub = freshGate(label);
  used.push(stub);
  return stub;
}

/** A permit that must be granted; the error shows what the gate held instead. */
async function take(
  stub: DurableObjectStub<RenderGate>,
  globalCap: number,
  leaseMs = LEASE_MS,
): Promise<Permit> {
  const permit = await stub.acquire({ globalCap, leaseMs });
  if (!permit)
    throw new Error(`no permit under cap ${globalCap}; held: ${JSON.stringify(await stub.snapshot())}`);
  return permit;
}

afterEach(async () => {
  // A stub whose object was aborted throws; its replacement is in the list too.
  for (const stub of used.splice(0)) await drainGate(stub).catch(() => {});
});

describe("RenderGate", () => {
  it("never grants more permits than the global cap, however many ask at once", async () => {
    const stub = gate("cap");
    const results = await Promise.all(
      Array.from({ length: 20 }, () => stub.acquire({ globalCap: 2, leaseMs: LEASE_MS })),
    );
    const granted = results.filter((p) => p !== null);
    expect(granted.length, `granted: ${JSON.stringify(granted)}`).toBe(2);
    const { permits } = await stub.snapshot();
    expect(permits.map((p) => p.leaseId).sort()).toEqual(granted.map((p) => p.leaseId).sort());

    await stub.release(granted[0]?.leaseId ?? "");
    expect(await stub.acquire({ globalCap: 2, leaseMs: LEASE_MS })).not.toBeNull();
    expect(await stub.acquire({ globalCap: 2, leaseMs: LEASE_MS })).toBeNull();
  });

  it("holds each workspace to its own cap, also when assignments race", async () => {
    const stub = gate("workspace");
    const attempts = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const permit = await stub.acquire({ globalCap: 10, leaseMs: LEASE_MS });
        if (!permit) throw new Error("the global cap of 10 refused one of 10 permits");
        return stub.assign({
          leaseId: permit.leaseId,
          renderId: `rnd_${i}`,
          workspaceId: "ws_a",
          workspaceCap: 2,
        });
      }),
    );
    const ok = attempts.filter((a) => a.ok);
    expect(ok.length, JSON.stringify(attempts)).toBe(2);
    expect(attempts.filter((a) => !a.ok && a.reason === "workspace_at_cap").length).toBe(8);

    const other = await take(stub, 20);
    expect(
      await stub.assign({ leaseId: other.leaseId, renderId: "rnd_b", workspaceId: "ws_b", workspaceCap: 2 }),
    ).toEqual({ ok: true });

    expect(await stub.activeByWorkspace()).toEqual({ ws_a: 2, ws_b: 1 });
    expect(await stub.saturatedWorkspaces()).toEqual(["ws_a"]);
    // A cap read fresh from the database wins over the one recorded at assignment.
    expect((await stub.saturatedWorkspaces({ ws_a: 3, ws_b: 1 })).sort()).toEqual(["ws_b"]);
  });

  it("refuses to assign a permit that is gone", async () => {
    const stub = gate("gone");
    const result = await stub.assign({
      leaseId: "lease_nope",
      renderId: "r",
      workspaceId: "w",
      workspaceCap: 1,
    });
    expect(result).toEqual({ ok: false, reason: "lease_gone" });
  });

  it("lets the alarm drop an expired permit, frees its slot, and re-arms for the next expiry", async () => {
    const stub = gate("alarm");
    const short = await take(stub, 2);
    const long = await take(stub, 2);
    expect(await stub.acquire({ globalCap: 2, leaseMs: LEASE_MS })).toBeNull();

    await expirePermit(stub, short.leaseId);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const { permits } = await stub.snapshot();
    expect(permits.map((p) => p.leaseId)).toEqual([long.leaseId]);
    const alarmAt = await runInDurableObject(stub, (_instance, state) => state.storage.getAlarm());
    expect(alarmAt).toBe(long.expiresAt);

    expect(await stub.renew(short.leaseId, LEASE_MS)).toBeNull();
    expect(await stub.acquire({ globalCap: 2, leaseMs: LEASE_MS })).not.toBeNull();
  });

  it("runs the alarm twice without harm and leaves no alarm when nothing is held", async () => {
    const stub = gate("idempotent");
    const permit = await take(stub, 1);
    await expirePermit(stub, permit.leaseId);
    await runInDurableObject(stub, async (instance) => {
      await instance.alarm();
      await instance.alarm();
    });
    expect((await stub.snapshot()).permits).toEqual([]);
    expect(await runInDurableObject(stub, (_i, state) => state.storage.getAlarm())).toBeNull();
    expect(await runDurableObjectAlarm(stub)).toBe(false);
    expect(await stub.release(permit.leaseId)).toBe(false);
  });

  it("loses nothing when the object is evicted", async () => {
    let stub = gate("evict");
    const a = await take(stub, 2);
    const b = await take(stub, 2);
    await stub.assign({ leaseId: a.leaseId, renderId: "rnd_a", workspaceId: "ws_x", workspaceCap: 2 });
    await stub.assign({ leaseId: b.leaseId, renderId: "rnd_b", workspaceId: "ws_x", workspaceCap: 2 });
    await stub.cancel("rnd_b");
    const before = (await stub.snapshot()).permits;

    await abortAllDurableObjects();
    stub = reopen(stub);
    used.push(stub);

    const after = (await stub.snapshot()).permits;
    expect(after).toEqual(before);
    expect(await stub.acquire({ globalCap: 2, leaseMs: LEASE_MS })).toBeNull();
    expect(await stub.renew(b.leaseId, LEASE_MS)).toMatchObject({ cancel: true });
    expect(await stub.renew(a.leaseId, LEASE_MS)).toMatchObject({ cancel: false });
  });

  it("applies a raised cap on the very next acquire", async () => {
    const stub = gate("raise");
    expect(await stub.acquire({ globalCap: 1, leaseMs: LEASE_MS })).not.toBeNull();
    expect(await stub.acquire({ globalCap: 1, leaseMs: LEASE_MS })).toBeNull();
    expect(await stub.acquire({ globalCap: 3, leaseMs: LEASE_MS })).not.toBeNull();
    expect(await stub.acquire({ globalCap: 3, leaseMs: LEASE_MS })).not.toBeNull();
    expect(await stub.acquire({ globalCap: 3, leaseMs: LEASE_MS })).toBeNull();
    // Lowering it grants nothing new until enough permits are back.
    expect(await stub.acquire({ globalCap: 1, leaseMs: LEASE_MS })).toBeNull();
  });

  it("renews a live permit, reports cancellation, and releases once", async () => {
    const stub = gate("renew");
    const permit = await take(stub, 1, 10_000);
    await stub.assign({ leaseId: permit.leaseId, renderId: "rnd_r", workspaceId: "ws_r", workspaceCap: 1 });
    const renewed = await stub.renew(permit.leaseId, LEASE_MS);
    expect(renewed?.cancel).toBe(false);
    expect(renewed?.expiresAt).toBeGreaterThan(permit.expiresAt);

    expect(await stub.cancel("rnd_r")).toBe(true);
    expect(await stub.renew(permit.leaseId, LEASE_MS)).toMatchObject({ cancel: true });
    expect(await stub.release(permit.leaseId)).toBe(true);
    expect(await stub.release(permit.leaseId)).toBe(false);
    expect(await stub.renew(permit.leaseId, LEASE_MS)).toBeNull();
    expect(await stub.cancel("rnd_r")).toBe(false);
  });
});
