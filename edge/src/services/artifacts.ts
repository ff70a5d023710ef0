import {
  ARTIFACT_NAMES,
  type ArtifactName,
  artifactStorage,
  type MediaStorage,
  type RenderArtifacts,
} from "@loom-lite/schema";

/** Where a render's objects live: R2 (served through the edge) or Bunny's pull zone. */
export interface MediaLocation {
  storage: MediaStorage;
  cdnBaseUrl: string | null;
}

/**
 * The Bunny CDN URL of an artifact, or null when it is in R2 (the edge serves those): the render's media
 * are in R2, or the artifact is private (report.json is never on the CDN).
 */
export function cdnUrl(
  where: MediaLocation | null | undefined,
  name: ArtifactName,
  key: string | undefined,
): string | null {
  if (!key || !where?.cdnBaseUrl || artifactStorage(where.storage, name) !== "bunny") return null;
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
    if (key) urls[name] = cdnUrl(where, name, key) ?? artifactUrl(renderId, name);
  }
  return urls;
}
