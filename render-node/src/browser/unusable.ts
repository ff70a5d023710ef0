import type { PreflightVerdict } from "../core/types";

export type Problem = NonNullable<PreflightVerdict["problem"]>;

/** A page that cannot be used for a scene, with the reason in words a user can act on. */
export class UnusablePage extends Error {
  readonly status: number;
  readonly finalUrl: string | undefined;
  /** JPEG of what the page showed, when it showed anything. */
  readonly frame: Buffer | undefined;

  constructor(
    readonly reason: string,
    readonly problem: Problem,
    readonly retryable: boolean,
    seen: { status?: number; finalUrl?: string; frame?: Buffer } = {},
  ) {
    super(reason);
    this.status = seen.status ?? 0;
    this.finalUrl = seen.finalUrl;
    this.frame = seen.frame;
  }

  get blocked(): boolean {
    return this.problem === "blocked";
  }
}
