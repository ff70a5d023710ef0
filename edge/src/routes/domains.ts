import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { App, AppEnv } from "../context";
import { platformDomains } from "../landing/host";
import { requireManager, requirePrincipal } from "../middleware/auth";
import {
  addDomain,
  checkDomain,
  customDomainsAvailable,
  type DomainHosting,
  getDomain,
  listDomains,
  removeDomain,
} from "../services/custom-domains";
import { commonErrors, IdParam, SECURITY } from "./openapi-common";

const tags = ["Domains"];
const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });
const auth = { security: SECURITY, middleware: requirePrincipal };
const domainId = IdParam("dom_4fJ9a0b1c2d3e4f5");
const managers = { ...commonErrors[401], description: "Only owners and admins manage domains" };

const DomainSchema = z
  .object({
    id: z.string().openapi({ example: "dom_4fJ9a0b1c2d3e4f5" }),
    hostname: z.string().openapi({ example: "video.customer.com" }),
    status: z.string().openapi({ description: "Cloudflare's status; pages are served only when `active`" }),
    sslStatus: z.string().nullable(),
    dnsRecords: z.array(
      z
        .object({
          type: z.enum(["CNAME", "TXT"]),
          name: z.string(),
          value: z.string(),
          purpose: z.enum(["routing", "ownership", "certificate"]),
        })
        .openapi("DnsRecord"),
    ),
    checkedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("CustomDomain");

const addRoute = createRoute({
  method: "post",
  path: "/api/domains",
  operationId: "domains.create",
  tags,
  summary: "Add a custom domain for landing pages; answers the DNS records to create",
  ...auth,
  request: {
    body: {
      required: true,
      content: json(
        z.object({ hostname: z.hostname().max(253).openapi({ example: "video.customer.com" }) }).strict(),
      ),
    },
  },
  responses: {
    201: { description: "Registered; pending until the DNS records exist", content: json(DomainSchema) },
    ...commonErrors,
    402: {
      ...commonErrors[404],
      description: "The plan's custom domains are all in use (or it has none); the message names the way out",
    },
    403: managers,
    409: {
      ...commonErrors[404],
      description: "Another workspace (or this one) already claimed the hostname",
    },
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/api/domains",
  operationId: "domains.list",
  tags,
  summary: "The workspace's custom domains",
  ...auth,
  responses: {
    200: {
      description: "Domains",
      content: json(
        z.object({
          domains: z.array(DomainSchema),
          available: z.boolean().openapi({
            description:
              "Whether this deployment offers custom domains (the platform's Cloudflare for SaaS is set up); when false, adding or checking one fails",
          }),
        }),
      ),
    },
    401: commonErrors[401],
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/api/domains/{id}",
  operationId: "domains.get",
  tags,
  summary: "One custom domain, as last checked",
  ...auth,
  request: { params: domainId },
  responses: {
    200: { description: "The domain", content: json(DomainSchema) },
    401: commonErrors[401],
    404: commonErrors[404],
  },
});

const checkRoute = createRoute({
  method: "post",
  path: "/api/domains/{id}/check",
  operationId: "domains.check",
  tags,
  summary: "Check the domain's status with Cloudflare now (the cron does it every minute too)",
  ...auth,
  request: { params: domainId },
  responses: {
    200: { description: "The domain", content: json(DomainSchema) },
    401: commonErrors[401],
    403: managers,
    404: commonErrors[404],
  },
});

const deleteRoute = createRoute({
  method: "delete",
  path: "/api/domains/{id}",
  operationId: "domains.delete",
  tags,
  summary: "Remove the domain from Cloudflare and stop serving it",
  ...auth,
  request: { params: domainId },
  responses: {
    204: { description: "Removed" },
    401: commonErrors[401],
    403: managers,
    404: commonErrors[404],
  },
});

function hosting(c: Context<AppEnv>): DomainHosting {
  return { cloudflare: c.get("customHostnames"), target: c.get("env").CUSTOM_DOMAIN_TARGET };
}

export function registerDomains(app: App) {
  app.openapi(addRoute, async (c) => {
    requireManager(c);
    const { hostname } = c.req.valid("json");
    const env = c.get("env");
    const domain = await addDomain(
      c.get("workspace"),
      hosting(c),
      hostname,
      platformDomains(env),
      env.billing,
    );
    return c.json(domain, 201);
  });

  app.openapi(listRoute, async (c) =>
    c.json(
      {
        domains: await listDomains(c.get("workspace")),
        available: customDomainsAvailable(hosting(c)),
      },
      200,
    ),
  );

  app.openapi(getRoute, async (c) =>
    c.json(await getDomain(c.get("workspace"), c.req.valid("param").id), 200),
  );

  app.openapi(checkRoute, async (c) => {
    requireManager(c);
    return c.json(await checkDomain(c.get("workspace"), hosting(c), c.req.valid("param").id), 200);
  });

  app.openapi(deleteRoute, async (c) => {
    requireManager(c);
    await removeDomain(c.get("workspace"), hosting(c), c.req.valid("param").id);
    return c.body(null, 204);
  });
}
