/**
 * Platform maximums every side enforces: the dashboard and the upload check the facecam, the API
 * checks the scene spec, and the render node checks both again on what it actually decodes (a file's
 * declared duration can lie).
 */

/** Longest facecam recording accepted, in seconds (10 minutes). */
export const MAX_FACECAM_SECONDS = 600;

/** Longest video the platform renders, in seconds: every scene together. */
export const MAX_VIDEO_SECONDS = 600;

/** Shortest password an account accepts (better-auth's `minPasswordLength`, the API's checks, the forms). */
export const MIN_PASSWORD_LENGTH = 8;
