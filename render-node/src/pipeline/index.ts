export { CHROMIUM_ARGS } from "../browser/browser-session";
export { EgressGuard } from "../core/egress-guard";
export { RenderError, type RenderErrorCode } from "../core/errors";
export * from "../core/types";
export { MAX_SCREENSHOT_HEIGHT } from "../stages/capture/scenes";
export { probeUntrustedVideo, sniffContainer, untrustedInputArgs } from "../stages/preflight/untrusted-media";
export { runPipeline } from "./run";
export * from "./types";
