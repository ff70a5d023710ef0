import type {
  ArtifactName,
  Branding,
  LandingSettings,
  RenderStage,
  RenderState,
  SceneSpec,
} from "@loom-lite/schema";

// Response shapes of the public API as the edge answers them (see the API contract); request bodies
// that have a zod contract in @loom-lite/schema are validated with it before they are sent.

export interface User {
  id: string;
  name: string;
  email: string;
  /** Whether the address was confirmed by the emailed link; needed to join a teammate's workspace. */
  emailVerified: boolean;
}

export interface Workspace {
  id: string;
  name: string;
  slug: string;
}

export type Role = "owner" | "admin" | "member";

export interface Me {
  user: User;
  workspace: Workspace;
  role: Role | null;
  via: "session" | "api_key";
}

/** better-auth's GET /api/auth/get-session answers `null` when signed out. */
export type Session = { user: User; session: { id: string; expiresAt: string } } | null;

export interface Asset {
  id: string;
  kind: string;
  bytes: number;
  contentType: string;
}

export type CampaignStatus = "draft" | "active" | "archived";

export interface CampaignFigures {
  leads: number;
  rendered: number;
  failed: number;
  rendering: number;
  views: number;
}

export interface Campaign {
  id: string;
  name: string;
  status: CampaignStatus;
  spec: SceneSpec;
  landing: LandingSettings | null;
  figures: CampaignFigures;
  createdAt: string;
}

export interface CampaignPage {
  campaigns: Campaign[];
  nextCursor: string | null;
  total: number;
}

export type BulkAction = "archive" | "restore" | "delete" | "rerender";

export interface CampaignProgress {
  leads: number;
  states: Record<"none" | "queued" | "active" | "done" | "failed" | "cancelled", number>;
  rendered: number;
  fraction: number;
  averageRenderMs: number | null;
  slots: number;
  etaMs: number | null;
  pending: { renderId: string; leadId: string; state: RenderState; progress: number; etaMs: number | null }[];
}

export interface LeadRender {
  id: string;
  state: RenderState;
  progress: number;
  stage?: RenderStage | string | null;
  error?: string | null;
  errorCode?: string | null;
  artifacts?: Partial<Record<ArtifactName, string>>;
}

export interface Lead {
  id: string;
  slug: string;
  fields: Record<string, string>;
  landingUrl?: string;
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

export interface ImportReport {
  dryRun: boolean;
  mode: "all_or_nothing" | "valid_rows";
  delimiter: string;
  columns: { header: string; field: string | null; guessed: boolean }[];
  totalRows: number;
  validRows: number;
  invalidRows: number;
  imported: number;
  errors: { row: number; field: string | null; code: string; message: string }[];
  preview: { row: number; fields: Record<string, string> }[];
}

// ---- settings ----

export type KeyScope = "admin" | "member";

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  role: KeyScope;
  createdBy: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

export interface CreatedApiKey {
  id: string;
  name: string;
  prefix: string;
  role: KeyScope;
  key: string;
}

export interface WorkspaceDetails {
  id: string;
  name: string;
  slug: string;
  plan: string;
  renderConcurrency: number;
  branding: Branding;
  landingBaseUrl: string;
  createdAt: string;
}

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: "admin" | "member";
  expiresAt: string;
  createdAt: string;
}

export interface InvitationPreview {
  workspaceName: string;
  email: string;
  role: "admin" | "member";
  invitedBy: string | null;
  status: "pending" | "accepted" | "revoked" | "expired";
  expiresAt: string;
}

export interface AccountDeletion {
  workspace: { id: string; slug: string };
  removed: Record<string, number>;
  userDeleted: boolean;
}

export interface MailboxEmail {
  id: string;
  kind: "invitation" | "password_reset" | "email_verification" | "email_change";
  to: string;
  subject: string;
  text: string;
  createdAt: string;
}

// ---- operators ----

export interface RenderNodeInfo {
  id: string;
  name: string;
  tokenPrefix: string;
  capacity: number;
  version: string | null;
  lastSeenAt: string | null;
  /** When an operator revoked its token; every call it makes is refused since. */
  revokedAt: string | null;
  createdAt: string;
  renders: { id: string; workspaceId: string; state: string; progress: number }[];
}

/** A node's token as issued: shown once. */
export interface RenderNodeToken {
  id: string;
  name: string;
  capacity: number;
  token: string;
}

export interface SystemSettings {
  globalRenderCap: number;
}

export interface GatePermit {
  leaseId: string;
  renderId: string | null;
  workspaceId: string | null;
  workspaceCap: number | null;
  acquiredAt: number;
  expiresAt: number;
  cancel: boolean;
}
