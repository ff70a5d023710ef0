/**
 * Where the dashboard opens a lead's landing page: the API redirects a signed-in member there with a
 * fresh preview token, so the landing host marks this browser as the team's and its visits never count
 * as the prospect's. Links meant for the prospect are the lead's `landingUrl`.
 */
export function previewHref(leadId: string): string {
  return `/api/leads/${encodeURIComponent(leadId)}/preview`;
}

/** The most telling field of a lead for a table cell: a name, else the company, else the website. */
export function leadTitle(fields: Record<string, string>): string {
  const name = [fields.first_name, fields.last_name].filter(Boolean).join(" ") || fields.name;
  return name || fields.company || fields.website || fields.email || "(no name)";
}
