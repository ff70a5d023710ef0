/** What an upload is for (a `photo` is the rep's picture on landing pages); the upload checks and the routes both switch on it. */
export const ASSET_KINDS = ["facecam", "logo", "photo", "csv"] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

/** Kinds shown as a picture on landing pages: raster images only, checked by their bytes. */
export type ImageKind = Extract<AssetKind, "logo" | "photo">;
