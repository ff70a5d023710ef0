export { CHROMIUM_ARGS, MAX_SCREENSHOT_HEIGHT } from "./capture";
export { EgressGuard } from "./egress-guard";
export { RenderError, type RenderErrorCode } from "./errors";
export { runPipeline } from "./run";
export * from "./types";
export { probeUntrustedVideo, sniffContainer, untrustedInputArgs } from "./untrusted-media";
