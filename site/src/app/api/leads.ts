import { request } from "./client";
import type { Lead } from "./types";

// One lead's own screen: GET /api/leads/{id} and GET /api/leads/{id}/email-snippet.

const enc = encodeURIComponent;

export type LeadDetails = Lead & { landingUrl: string; createdAt: string };

/** What a rep pastes into an email: the GIF (or poster) linking to the landing page. */
export interface EmailSnippet {
  landingUrl: string;
  /** null until the video is rendered. */
  imageUrl: string | null;
  html: string;
  /** For plain-text emails. */
  text: string;
}

export const getLead = (leadId: string) => request<LeadDetails>("GET", `/api/leads/${enc(leadId)}`);

export const getEmailSnippet = (leadId: string) =>
  request<EmailSnippet>("GET", `/api/leads/${enc(leadId)}/email-snippet`);
