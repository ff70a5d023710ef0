import { createRoute, z } from "@hono/zod-openapi";
import { LandingSettingsSchema } from "@loom-lite/schema";
import type { App } from "../context";
import { landingPage } from "../landing/page";
import { calendarView } from "../lib/calendar-embeds";
import { landingPreviewPolicy, newNonce } from "../lib/csp";
import { requirePrincipal } from "../middleware/auth";
import { landingCarriesBranding } from "../services/billing/branding";
import { previewLandingLead } from "../services/landing-preview";
import { commonErrors, IdParam, SECURITY } from "./openapi-common";

/** The settings as form fields (what the editor's hidden form posts into its preview frame). */
const PreviewForm = LandingSettingsSchema.extend({
  leadId: z.string().min(1).max(64).optional(),
}).strict();

const previewRoute = createRoute({
  method: "post",
  path: "/api/campaigns/{id}/landing-preview",
  operationId: "campaigns.previewLanding",
  tags: ["Campaigns"],
  summary: "Draw a lead's landing page with landing settings that are not saved yet",
  description:
    "Answers the page a lead would see (the chosen `leadId`, else the campaign's first lead, else a sample lead) with the posted settings instead of the stored ones, with a placeholder where the video plays. For the campaign editor's live preview: framed by this origin only, sandboxed, never cached nor indexed. Nothing is saved.",
  security: SECURITY,
  middleware: requirePrincipal,
  request: {
    params: IdParam("cmp_4fJ9a0b1c2d3e4f5"),
    body: {
      required: true,
      content: { "application/x-www-form-urlencoded": { schema: PreviewForm } },
    },
  },
  responses: {
    200: { description: "The page", content: { "text/html": { schema: z.string() } } },
    400: commonErrors[400],
    401: commonErrors[401],
    404: commonErrors[404],
  },
});

export function registerLandingPreview(app: App) {
  app.openapi(previewRoute, async (c) => {
    const { leadId, ...landing } = c.req.valid("form");
    const campaignId = c.req.valid("param").id;
    const lead = await previewLandingLead(c.get("workspace"), campaignId, landing, leadId);
    const nonce = newNonce();
    const calendar = calendarView(landing.calendarUrl, c.get("env").CALENDAR_EMBED_HOSTS);
    const page = landingPage(
      lead,
      { origin: new URL(c.req.url).origin, leadSlug: "preview" },
      {
        nonce,
        calendar,
        loomLiteBranding: c.get("env").billing !== null && landingCarriesBranding(lead, new Date()),
        preview: { imageUrl: (assetId) => `/api/assets/${encodeURIComponent(assetId)}/content` },
      },
    );
    c.header(
      "content-security-policy",
      landingPreviewPolicy(nonce, { calendar: calendar?.kind === "embed" ? calendar.origin : null }),
    );
    c.header("x-frame-options", "SAMEORIGIN");
    c.header("x-robots-tag", "noindex, nofollow");
    c.header("cache-control", "no-store");
    c.header("referrer-policy", "same-origin");
    return c.html(await page, 200);
  });
}
