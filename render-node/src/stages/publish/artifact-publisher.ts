import {
  ARTIFACT_CONTENT_TYPES,
  type ArtifactName,
  type BunnyUploadRequest,
  type CompleteRequest,
  isPublicArtifact,
  type RenderJob,
} from "@loom-lite/schema";
import { RenderError } from "../../core/errors";
import type { Logger } from "../../log";
import { type EdgeClient, EdgeHttpError, LeaseLostError } from "../../service/edge-client";
import type { BunnyStorage } from "./bunny-storage";

/** Bunny deletes after a failure run after the job's signal fired, so they need their own bound. */
const DISCARD_TIMEOUT_MS = 30_000;

/** Puts one render's artifacts somewhere and says where, for the `complete` call. */
export interface ArtifactPublisher {
  /** `onBytes` hears each chunk that leaves, so the job's stall watchdog sees a slow upload move. */
  put(
    name: ArtifactName,
    file: string,
    signal: AbortSignal,
    onBytes?: (bytes: number) => void,
  ): Promise<void>;
  /**
   * The `storage` part of the complete request (absent for R2). Asked for when complete is sent, so it
   * seals the publisher: from then on its objects may be a finished render's, and discard leaves them.
   */
  storage(): CompleteRequest["storage"];
  /** After a failed attempt: removes what it put where the edge does not clean up by itself. Never throws. */
  discard(): Promise<void>;
}

/** R2 through the edge: PUT /nodes/v1/renders/:id/artifacts/:name. The edge deletes those by prefix. */
export function edgePublisher(
  edge: Pick<EdgeClient, "uploadArtifact">,
  renderId: string,
  fence: number,
): ArtifactPublisher {
  return {
    put: (name, file, signal, onBytes) =>
      edge.uploadArtifact(renderId, name, file, fence, ARTIFACT_CONTENT_TYPES[name], signal, onBytes),
    storage: () => undefined,
    discard: async () => {},
  };
}

/** What a Bunny publisher needs of the edge: the announcement before each PUT, and R2 for the report. */
export type BunnyEdge = Pick<EdgeClient, "announceBunnyUpload" | "uploadArtifact">;

export interface BunnyTarget {
  bunny: BunnyStorage;
  /** The pull zone URL prospects fetch from. */
  cdnBaseUrl: string;
  /** BUNNY_STORAGE_ZONE; the edge refuses a zone it cannot delete from. */
  zone: string;
  edge: BunnyEdge;
  logger: Logger;
}

/**
 * Public artifacts straight to Bunny Storage, each announced to the edge before its PUT (the edge records
 * the key, so the object is deleted with its render whatever happens next). Private ones (report.json)
 * go through the edge to R2: everything in a Bunny zone is served by its pull zone.
 */
export function bunnyPublisher(
  target: BunnyTarget,
  job: Pick<RenderJob, "renderId">,
  fence: number,
): ArtifactPublisher {
  const toEdge = edgePublisher(target.edge, job.renderId, fence);
  const artifacts: Partial<Record<ArtifactName, string>> = {};
  const announced: string[] = [];
  let sealed = false;
  return {
    async put(name, file, signal, onBytes) {
      if (!isPublicArtifact(name)) return toEdge.put(name, file, signal, onBytes);
      const { key } = await announce(target, job.renderId, { fence, name, zone: target.zone }, signal);
      announced.push(key);
      await target.bunny.putFile(key, file, ARTIFACT_CONTENT_TYPES[name], signal, onBytes);
      artifacts[name] = key;
    },
    storage() {
      sealed = true;
      return { kind: "bunny", cdnBaseUrl: target.cdnBaseUrl, zone: target.zone, artifacts: { ...artifacts } };
    },
    async discard() {
      // A complete whose answer was lost may have landed: those objects are the render's video now.
      if (sealed) return;
      // The edge deletes them with the render anyway; this keeps a failed attempt's video off the CDN now.
      for (const key of announced.splice(0)) {
        await target.bunny.delete(key, AbortSignal.timeout(DISCARD_TIMEOUT_MS)).catch((error: unknown) => {
          target.logger.warn("could not delete a failed attempt's object from Bunny Storage", { key, error });
        });
      }
    },
  };
}

/** The edge refusing the upload (no Bunny on the Worker, another zone) is an operator's fix, not a retry. */
async function announce(
  target: BunnyTarget,
  renderId: string,
  request: BunnyUploadRequest,
  signal: AbortSignal,
) {
  try {
    return await target.edge.announceBunnyUpload(renderId, request, signal);
  } catch (error) {
    const refused =
      error instanceof EdgeHttpError && !(error instanceof LeaseLostError) && error.status === 400;
    if (!refused) throw error;
    throw new RenderError(
      "publish_failed",
      "The video could not be published: the platform's media storage settings do not match this render node's. An operator must fix them; then render again.",
      { retryable: false, details: error.message, cause: error },
    );
  }
}
