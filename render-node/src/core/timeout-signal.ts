/**
 * A signal that aborts with a `TimeoutError` after `ms`, or with `signal`'s reason if that aborts first:
 * one call's time limit under a job's or a node's stop signal.
 *
 * Not `AbortSignal.any([signal, AbortSignal.timeout(ms)])`: on Node 20 that signal forgets the timeout
 * once garbage collection runs (the runtime holds a timeout signal only weakly), so a call to a peer that
 * stops answering mid-body waits until the outer signal aborts, which for a job may be never. Here a plain
 * timer holds the controller. It is unref'd so it never keeps a stopping process alive, and it may fire
 * after the call settled, which aborts nothing.
 */
export function timeoutSignal(ms: number, signal?: AbortSignal): AbortSignal {
  const controller = new AbortController();
  const onOuterAbort = () => {
    clearTimeout(timer);
    controller.abort(signal?.reason);
  };
  const timer = setTimeout(() => {
    signal?.removeEventListener("abort", onOuterAbort);
    controller.abort(new DOMException(`The operation timed out after ${ms} ms.`, "TimeoutError"));
  }, ms);
  timer.unref();
  if (signal?.aborted) onOuterAbort();
  else signal?.addEventListener("abort", onOuterAbort, { once: true });
  return controller.signal;
}
