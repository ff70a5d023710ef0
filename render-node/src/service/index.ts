export { EdgeClient, EdgeHttpError, LeaseLostError } from "./edge-client";
export { PortInUseError } from "./http-server";
export { JobStopped } from "./job-runner";
export { JOB_OUTCOMES, type JobOutcome } from "./metrics";
export { type HealthBody, type RenderNode, type RenderNodeDeps, startRenderNode } from "./render-node";
export { type SweepResult, WorkDirs } from "./work-dirs";
