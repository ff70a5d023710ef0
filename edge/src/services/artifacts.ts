import { ARTIFACT_NAMES, type ArtifactName, type RenderArtifacts } from "@loom-lite/schema";

export const artifactUrl = (renderId: string, name: string) =>
  `/api/renders/${encodeURIComponent(renderId)}/artifacts/${encodeURIComponent(name)}`;

/** Artifact name → URL on this API, for the artifacts a render has stored. */
export function artifactUrls(
  renderId: string,
  stored: RenderArtifacts | null,
): Partial<Record<ArtifactName, string>> {
  const urls: Partial<Record<ArtifactName, string>> = {};
  for (const name of ARTIFACT_NAMES) if (stored?.[name]) urls[name] = artifactUrl(renderId, name);
  return urls;
}
