import { answer, api } from "./client";
import type { Answer } from "./schema";

// The campaign's contact sheet: POST/GET /api/campaigns/{id}/site-checks, and excluding a lead.

export type SiteCheckSheet = Answer<"siteChecks.sheet">;
export type SheetLead = SiteCheckSheet["items"][number];

const byId = (id: string) => ({ params: { path: { id } } });

/** Queues a check of every lead not excluded (or of `leadIds`); leads with a current check are skipped. */
export const checkSites = (campaignId: string, leadIds?: string[]) =>
  answer(
    api.POST("/api/campaigns/{id}/site-checks", { ...byId(campaignId), body: leadIds ? { leadIds } : {} }),
  );

export const getSiteChecks = (campaignId: string, cursor: string | undefined, limit: number) =>
  answer(
    api.GET("/api/campaigns/{id}/site-checks", {
      params: { path: { id: campaignId }, query: { limit, ...(cursor ? { cursor } : {}) } },
    }),
  );

export const setLeadExcluded = (leadId: string, excluded: boolean) =>
  answer(api.PATCH("/api/leads/{id}", { ...byId(leadId), body: { excluded } }));
