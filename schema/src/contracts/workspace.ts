import { z } from "zod";

export const HexColorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a color like #4f46e5");

/** A workspace's look on its landing pages; a campaign's landing settings may override each part. */
export const BrandingSchema = z.object({
  /** An uploaded asset of kind `logo`. */
  logoAssetId: z.string().min(1).max(64).optional(),
  /** Buttons and links. */
  primaryColor: HexColorSchema.optional(),
  /** Page background. */
  backgroundColor: HexColorSchema.optional(),
});
export type Branding = z.infer<typeof BrandingSchema>;
