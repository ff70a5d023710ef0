/** A time budget shared by the steps of one scene, so a page that never settles still finishes. */
export class Deadline {
  private readonly end: number;

  constructor(ms: number) {
    this.end = Date.now() + ms;
  }

  /** Milliseconds left, never below `floor`. */
  remaining(floor = 0): number {
    return Math.max(floor, this.end - Date.now());
  }

  /** `ms`, or what is left of the budget when that is less (at least `floor`). */
  cap(ms: number, floor = 0): number {
    return Math.max(floor, Math.min(ms, this.end - Date.now()));
  }
}

/**
 * Waits for `promise` at most `ms`; true when it settled in time. A wait that times out may reject later
 * (page closed, frame detached); that is not an error here.
 */
export async function settleWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  try {
    return await Promise.race([promise.then(yes, yes), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function yes(): boolean {
  return true;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
