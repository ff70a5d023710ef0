/** What an upload is for; the upload checks and the routes both switch on it. */
export const ASSET_KINDS = ["facecam", "logo", "csv"] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];
