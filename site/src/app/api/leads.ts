import { answer, api } from "./client";

// One lead's own screen: GET /api/leads/{id} and GET /api/leads/{id}/email-snippet.

export const getLead = (leadId: string) =>
  answer(api.GET("/api/leads/{id}", { params: { path: { id: leadId } } }));

/** What a rep pastes into an email: the GIF (or poster) linking to the landing page. */
export const getEmailSnippet = (leadId: string) =>
  answer(api.GET("/api/leads/{id}/email-snippet", { params: { path: { id: leadId } } }));
