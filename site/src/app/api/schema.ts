import type { components, operations, paths } from "@loom-lite/schema/api";

// The shapes the dashboard works with, all from the API contract (schema/openapi.json, generated into
// @loom-lite/schema/api by `npm run openapi`): named schemas where the edge names them, otherwise the
// answer of the operation that returns them.

export type { components, operations, paths };

type Schemas = components["schemas"];
type JsonOf<R> = R extends { content: { "application/json": infer J } } ? J : never;
/** The JSON body of an operation's success answer (200 or 201). */
export type Answer<Id extends keyof operations> = operations[Id]["responses"] extends infer R
  ? R extends { 200: infer Ok }
    ? JsonOf<Ok>
    : R extends { 201: infer Created }
      ? JsonOf<Created>
      : never
  : never;
/** The JSON body an operation takes. */
export type Body<Id extends keyof operations> = operations[Id] extends {
  requestBody?: { content: { "application/json": infer B } };
}
  ? B
  : never;

// ---- account ----
export type User = Schemas["AuthUser"];
export type Session = Answer<"auth.getSession">;
export type Me = Schemas["Me"];
export type Role = Schemas["Member"]["role"];
export type AccountDeletion = Schemas["AccountDeletion"];
export type MailboxEmail = Answer<"dev.mailbox.list">["emails"][number];

// ---- campaigns, leads, renders ----
export type Asset = Schemas["Asset"];
export type Campaign = Schemas["Campaign"];
export type CampaignStatus = Campaign["status"];
export type CampaignFigures = Schemas["CampaignFigures"];
export type CampaignPage = Answer<"campaigns.list">;
export type BulkAction = Schemas["CampaignBulkResult"]["action"];
export type CampaignProgress = Schemas["CampaignProgress"];
export type Lead = Schemas["LeadWithRender"];
export type LeadRender = Schemas["LeadRender"];
export type LeadDetails = Answer<"leads.get">;
export type LeadInput = Body<"leads.add">["leads"][number];
export type Render = Schemas["Render"];
export type EnqueuedRender = Schemas["EnqueuedRender"];
export type ImportReport = Schemas["LeadImportReport"];
export type EmailSnippet = Schemas["EmailSnippet"];

// ---- analytics ----
export type CampaignFunnel = Schemas["CampaignFunnel"];
export type LeadEvent = Schemas["LeadEvent"];
export type Watcher = Schemas["Watcher"];
export type DayCounts = Schemas["DayCounts"];

// ---- settings ----
export type ApiKey = Schemas["ApiKey"];
export type CreatedApiKey = Schemas["CreatedApiKey"];
export type KeyScope = ApiKey["role"];
export type WorkspaceDetails = Answer<"workspace.get">;
export type Member = Schemas["Member"];
export type Invitation = Schemas["Invitation"];
export type InvitationPreview = Answer<"invitations.get">;

// ---- webhooks and domains ----
export type Webhook = Schemas["Webhook"];
export type WebhookEvent = Webhook["events"][number];
export type CreatedWebhook = Answer<"webhooks.create">;
export type WebhookDelivery = Schemas["WebhookDelivery"];
export type CustomDomain = Schemas["CustomDomain"];
export type DnsRecord = Schemas["DnsRecord"];

// ---- operators ----
export type RenderNodeInfo = Schemas["RenderNode"];
export type RenderNodeToken = Schemas["RenderNodeToken"];
export type SystemSettings = Schemas["SystemSettings"];
export type GatePermit = Answer<"admin.gate.get">["permits"][number];
