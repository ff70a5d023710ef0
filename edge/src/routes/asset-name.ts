import { z } from "@hono/zod-openapi";

const MAX_ASSET_NAME = 120;
const UNSEEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/**
 * What a rep calls a facecam: shown in the library and in every campaign form, so no control or
 * format characters (a NUL, a line break, a right-to-left override that would reverse what others read).
 */
export const AssetName = z
  .string()
  .trim()
  .min(1, "a name needs at least one visible character")
  .max(MAX_ASSET_NAME, `a name is at most ${MAX_ASSET_NAME} characters`)
  // A refinement, not .regex(): a Unicode-property pattern is not valid JSON Schema in the contract.
  .refine((name) => !UNSEEN.test(name), "a name may not hold control characters or line breaks")
  .openapi({ example: "Intro, December" });
