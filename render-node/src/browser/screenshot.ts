import type { Page } from "playwright-core";

const SHOT_TIMEOUT_MS = 30_000;

export interface ShotOptions {
  format: "png" | "jpeg";
  quality?: number;
  /** Document px; absent: the viewport as it is. */
  clip?: { x: number; y: number; width: number; height: number };
  /** Paint beyond the viewport (a full-page picture). */
  beyondViewport?: boolean;
}

/**
 * A screenshot through CDP directly. Playwright's own screenshot first re-runs its preparation in
 * every frame and waits for fonts again, which cost 2–3× the picture on a busy machine; the capture
 * has settled fonts and images itself by the time it takes pictures.
 */
export async function screenshot(page: Page, options: ShotOptions): Promise<Buffer> {
  const cdp = await page.context().newCDPSession(page);
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error("the browser took over 30 s for a screenshot")),
        SHOT_TIMEOUT_MS,
      );
    });
    const capture = cdp.send("Page.captureScreenshot", {
      format: options.format,
      ...(options.quality !== undefined ? { quality: options.quality } : {}),
      ...(options.clip ? { clip: { ...options.clip, scale: 1 } } : {}),
      captureBeyondViewport: options.beyondViewport ?? false,
      // Lossless all the same; zlib at its fastest level costs a fraction of the default on tall pages.
      optimizeForSpeed: true,
    }) as Promise<{ data: string }>;
    const shot = await Promise.race([capture, timeout]);
    return Buffer.from(shot.data, "base64");
  } finally {
    clearTimeout(timer);
    await cdp.detach().catch(() => {});
  }
}
