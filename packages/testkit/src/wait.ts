import { vi } from "vitest";

/**
 * The one way tests wait for something: vitest's `vi.waitFor`, retried until `check` returns a value
 * (a falsy value means "not yet"; so does a thrown error) and that value returned.
 * On timeout the error names what was awaited and what was last seen. Imports nothing but vitest, so
 * Worker tests running inside workerd can use it too.
 */
export function waitFor<T>(
  what: string,
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs: number,
  intervalMs = 200,
): Promise<T> {
  const notYet = (last: unknown) =>
    new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${String(last)}`);
  return vi.waitFor(
    async () => {
      let value: T | undefined | null | false;
      try {
        value = await check();
      } catch (err) {
        throw notYet(err);
      }
      if (!value) throw notYet(value);
      return value;
    },
    { timeout: timeoutMs, interval: intervalMs },
  );
}
