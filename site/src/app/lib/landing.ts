/**
 * A lead's landing page lives on the workspace's subdomain of the host serving the dashboard
 * (locally `<slug>.localhost:8787`, in production `<slug>.<APP_DOMAIN>`).
 */
export function landingUrl(
  workspaceSlug: string,
  leadSlug: string,
  location: Location = window.location,
): string {
  const host = location.host.replace(/^app\./, "");
  return `${location.protocol}//${workspaceSlug}.${host}/${encodeURIComponent(leadSlug)}`;
}

/** The most telling field of a lead for a table cell: a name, else the company, else the website. */
export function leadTitle(fields: Record<string, string>): string {
  const name = [fields.first_name, fields.last_name].filter(Boolean).join(" ") || fields.name;
  return name || fields.company || fields.website || fields.email || "(no name)";
}
