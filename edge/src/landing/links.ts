import type { Context } from "hono";
import type { AppEnv } from "../context";
import { activeCustomDomain } from "../services/custom-domains";
import { getWorkspace } from "../services/workspaces";
import { landingUrl } from "./leads";

/**
 * How the caller's workspace links to a lead's page: on its active custom domain when it has one
 * (always https: Cloudflare serves it with the issued certificate), else on its subdomain.
 */
export async function landingLinks(c: Context<AppEnv>): Promise<(leadSlug: string) => string> {
  const { db, workspaceId } = c.get("workspace");
  const workspace = await getWorkspace(db, workspaceId);
  const domain = await activeCustomDomain(db, workspace.id);
  if (domain) return (leadSlug) => `https://${domain}/${encodeURIComponent(leadSlug)}`;
  return (leadSlug) => landingUrl(c.req.url, c.get("env").LANDING_DOMAIN, workspace.slug, leadSlug);
}
