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
export type Me = Schemas["Me"];
export type Notification = Schemas["Notification"];
export type NotificationPreferences = Schemas["NotificationPreferences"];
export type Role = Schemas["Member"]["role"];

// ---- campaigns, leads, renders ----
export type Asset = Schemas["Asset"];
export type Facecam = Schemas["Facecam"];
export type Campaign = Schemas["Campaign"];
export type CampaignStatus = Campaign["status"];
export type BulkAction = Schemas["CampaignBulkResult"]["action"];
export type Lead = Schemas["LeadWithRender"];
export type LeadRender = Schemas["LeadRender"];
export type LeadInput = Body<"leads.add">["leads"][number];
export type ImportReport = Schemas["LeadImportReport"];

// ---- analytics ----
export type CampaignFunnel = Schemas["CampaignFunnel"];
export type LeadEvent = Schemas["LeadEvent"];
export type DayCounts = Schemas["DayCounts"];

// ---- settings ----
export type ApiKey = Schemas["ApiKey"];
export type CreatedApiKey = Schemas["CreatedApiKey"];
export type KeyScope = ApiKey["role"];
export type WorkspaceDetails = Answer<"workspace.get">;
export type Member = Schemas["Member"];

// ---- webhooks and domains ----
export type Webhook = Schemas["Webhook"];
export type WebhookEvent = Webhook["events"][number];
export type CreatedWebhook = Answer<"webhooks.create">;
export type WebhookDelivery = Schemas["WebhookDelivery"];
export type CustomDomain = Schemas["CustomDomain"];
export type Billing = Schemas["Billing"];
export type DnsRecord = Schemas["DnsRecord"];

// ---- operators ----
export type RenderNodeInfo = Schemas["RenderNode"];
export type RenderNodeToken = Schemas["RenderNodeToken"];
export type SystemSettings = Schemas["SystemSettings"];
