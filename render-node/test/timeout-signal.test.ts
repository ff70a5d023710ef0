import http from "node:http";
import type { AddressInfo } from "node:net";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { timeoutSignal } from "../src/core/timeout-signal";

v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

/** A peer that accepts the request and never answers, like an edge or a storage zone that hung. */
let silent: http.Server;
let url: string;
beforeAll(async () => {
  silent = http.createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
});
afterAll(() => {
  silent.closeAllConnections();
  silent.close();
});

/** Fetches from the silent peer while garbage is collected every 20 ms; the stopper bounds the wait. */
async function callWhileCollecting(signal: (stopper: AbortSignal) => AbortSignal): Promise<unknown> {
  const stopper = new AbortController();
  const bound = setTimeout(() => stopper.abort(new Error("the outer signal ended the wait")), 5_000);
  const collecting = setInterval(collectGarbage, 20);
  try {
    await fetch(url, { signal: signal(stopper.signal) });
    return undefined;
  } catch (error) {
    return error;
  } finally {
    clearInterval(collecting);
    clearTimeout(bound);
  }
}

describe("timeoutSignal", () => {
  it("ends a call to a peer that never answers at its time limit, however often garbage is collected", async () => {
    const error = await callWhileCollecting((outer) => timeoutSignal(300, outer));
    expect(error).toMatchObject({ name: "TimeoutError" });
  });

  it("ends the call with the outer signal's reason when that aborts first", async () => {
    const stop = new AbortController();
    const pending = fetch(url, { signal: timeoutSignal(60_000, stop.signal) }).catch((e: unknown) => e);
    stop.abort(new Error("node stopping"));
    expect(await pending).toMatchObject({ message: "node stopping" });
    const already = timeoutSignal(60_000, AbortSignal.abort(new Error("stopped before")));
    expect(already.reason).toMatchObject({ message: "stopped before" });
  });
});
