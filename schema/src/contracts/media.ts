/**
 * The longest facecam the platform accepts, in seconds. The edge reads the duration from the container
 * header at upload; render nodes hold a facecam to the same number, so one crafted file cannot tie up a
 * node for hours.
 */
export const MAX_FACECAM_SECONDS = 600;
