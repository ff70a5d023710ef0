import type { ArtifactName, LandingSettings, RenderStage, RenderState, SceneSpec } from "@loom-lite/schema";

// Response shapes of the public API as the edge answers them (see the API contract); request bodies
// that have a zod contract in @loom-lite/schema are validated with it before they are sent.

export interface User {
  id: string;
  name: string;
  email: string;
}

export interface Workspace {
  id: string;
  name: string;
  slug: string;
}

export interface Me {
  user: User;
  workspace: Workspace;
}

/** better-auth's GET /api/auth/get-session answers `null` when signed out. */
export type Session = { user: User; session: { id: string; expiresAt: string } } | null;

export interface Asset {
  id: string;
  kind: string;
  bytes: number;
  contentType: string;
}

export interface Campaign {
  id: string;
  name: string;
  status: string;
  spec: SceneSpec;
  landing: LandingSettings | null;
  createdAt: string;
}

export interface LeadRender {
  id: string;
  state: RenderState;
  progress: number;
  stage?: RenderStage | string | null;
  error?: string | null;
}

export interface Lead {
  id: string;
  slug: string;
  fields: Record<string, string>;
  render: LeadRender | null;
}

export interface LeadInput {
  fields: Record<string, string>;
}

export interface Render {
  id: string;
  leadId: string;
  campaignId: string;
  state: RenderState;
  progress: number;
  attempts: number;
  error: string | null;
  errorCode: string | null;
  artifacts: Partial<Record<ArtifactName, string>>;
  durationMs: number | null;
  timings: Record<string, number> | null;
}

export interface EnqueuedRender {
  id: string;
  leadId: string;
  state: RenderState;
}
