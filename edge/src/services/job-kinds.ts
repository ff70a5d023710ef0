import { renders } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";

/**
 * A lead's videos only. Pre-flight checks and samples share the queue (renders.kind) but are never a
 * lead's render, its video, a figure, an export row or a landing page: every read of a lead's or a
 * campaign's renders names the kind it wants.
 */
export const isVideo = eq(renders.kind, "video");
