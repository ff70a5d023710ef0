// The render queue's node protocol, one module per job: the lease checks, claim, heartbeat, artifacts,
// finish (complete or fail), the lease sweep, and the assets a node may read.
export { announceBunnyUpload, storeArtifact } from "./artifacts";
export { claimRender } from "./claim";
export { completeRender, type Finished, failRender, REQUIRED_ARTIFACTS, retryDelayMs } from "./finish";
export { heartbeat } from "./heartbeat";
export type { QueueDeps } from "./lease";
export { assetKeyForNode } from "./node-assets";
export { sweepExpiredLeases } from "./sweep";
