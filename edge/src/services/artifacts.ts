import {
  ARTIFACT_NAMES,
  type ArtifactName,
  type MediaStorage,
  type RenderArtifacts,
} from "@loom-lite/schema";

/** Where a render's objects live: R2 (served through the edge) or Bunny's pull zone. */
export interface MediaLocation {
  storage: MediaStorage;
  cdnBaseUrl: string | null;
}

/** The Bunny CDN URL of a key, or null when the render's media are in R2 (the edge serves those). */
export function cdnUrl(where: MediaLocation | null | undefined, key: string | undefined): string | null {
  if (!key || where?.storage !== "bunny" || !where.cdnBaseUrl) return null;
  return `${where.cdnBaseUrl}/${key.split("/").map(encodeURIComponent).join("/")}`;
}

export const artifactUrl = (renderId: string, name: string) =>
  `/api/renders/${encodeURIComponent(renderId)}/artifacts/${encodeURIComponent(name)}`;

/** Artifact name → URL on this API, for the artifacts a render has stored. */
export function artifactUrls(
  renderId: string,
  stored: RenderArtifacts | null,
  where?: MediaLocation,
): Partial<Record<ArtifactName, string>> {
  const urls: Partial<Record<ArtifactName, string>> = {};
  for (const name of ARTIFACT_NAMES) {
    const key = stored?.[name];
    if (key) urls[name] = cdnUrl(where, key) ?? artifactUrl(renderId, name);
  }
  return urls;
}
