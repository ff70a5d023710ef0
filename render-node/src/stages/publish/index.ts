import type { Stage } from "../../core/stage";
import type { PipelineArtifacts } from "../../core/types";

export interface PublishInput {
  artifacts: PipelineArtifacts;
  /** Moves the artifacts where they belong: an upload (see artifact-publisher.ts), a copy into --out. */
  publish?: (artifacts: PipelineArtifacts, signal: AbortSignal) => Promise<void>;
}

/** Hands the finished artifacts to the caller's publisher. */
export const publishStage: Stage<PublishInput, void> = {
  name: "publish",
  async run(input, { signal }) {
    await input.publish?.(input.artifacts, signal);
  },
};
