import { type ArtifactName, artifactKey, type CompleteRequest, type RenderJob } from "@loom-lite/schema";
import type { BunnyStorage } from "./bunny-storage";
import type { EdgeClient } from "./edge-client";

export const CONTENT_TYPES: Record<ArtifactName, string> = {
  "video.mp4": "video/mp4",
  "poster.jpg": "image/jpeg",
  "preview.gif": "image/gif",
  "report.json": "application/json",
};

/** Puts one render's artifacts somewhere and says where, for the `complete` call. */
export interface ArtifactPublisher {
  /** `onBytes` hears each chunk that leaves, so the job's stall watchdog sees a slow upload move. */
  put(
    name: ArtifactName,
    file: string,
    signal: AbortSignal,
    onBytes?: (bytes: number) => void,
  ): Promise<void>;
  /** The `storage` part of the complete request (absent for R2). */
  storage(): CompleteRequest["storage"];
}

/** R2 through the edge: PUT /nodes/v1/renders/:id/artifacts/:name. */
export function edgePublisher(edge: EdgeClient, renderId: string, fence: number): ArtifactPublisher {
  return {
    put: (name, file, signal, onBytes) =>
      edge.uploadArtifact(renderId, name, file, fence, CONTENT_TYPES[name], signal, onBytes),
    storage: () => undefined,
  };
}

/** Straight to Bunny Storage under the key layout R2 uses; the edge learns the keys on complete. */
export function bunnyPublisher(
  bunny: BunnyStorage,
  cdnBaseUrl: string,
  job: Pick<RenderJob, "workspaceId" | "renderId">,
  fence: number,
): ArtifactPublisher {
  const artifacts: Partial<Record<ArtifactName, string>> = {};
  return {
    async put(name, file, signal, onBytes) {
      const key = artifactKey(job.workspaceId, job.renderId, fence, name);
      await bunny.putFile(key, file, CONTENT_TYPES[name], signal, onBytes);
      artifacts[name] = key;
    },
    storage: () => ({ kind: "bunny", cdnBaseUrl, artifacts: { ...artifacts } }),
  };
}
