import { createRoute, z } from "@hono/zod-openapi";
import { RENDER_STATES } from "@loom-lite/schema";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { App, AppEnv } from "../context";
import { ApiError, describeZodError, ERROR_CODES, ErrorBodySchema } from "../errors";
import { clientAddress } from "../lib/client-address";
import { newNonce } from "../lib/csp";
import { isLocalStack } from "../lib/deployment";
import { serveMedia } from "../lib/media";
import { tryPageWith } from "../lib/try-page";
import { refuseWhenLimited } from "../middleware/rate-limit";
import { checkSampleUrl, MAX_SAMPLE_URL_LENGTH } from "../services/try-it/sample-url";
import { ensureSampleWorkspace } from "../services/try-it/sample-workspace";
import { createSample, getSample, SAMPLE_MEDIA, sampleMediaKey } from "../services/try-it/samples";
import { IdParam, rateLimitedResponse } from "./openapi-common";
import { withNonces } from "./site";

const tags = ["Storefront"];
/** The form has one short field; anything bigger is not a visitor typing an address. */
const MAX_TRY_BODY_BYTES = 4 * 1024;
/** The page that shows a sample as it is made (the storefront's island reads `sample` or `error`). */
const TRY_PAGE = "/try/";
/** A field people never see; a bot that fills every input gives itself away. */
const HONEYPOT = "nickname";

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });

const FormSchema = z
  .object({
    website: z
      .string()
      .max(MAX_SAMPLE_URL_LENGTH, `at most ${MAX_SAMPLE_URL_LENGTH} characters`)
      .openapi({ description: "The visitor's website, e.g. example.com", example: "crumb-and-co.com" }),
    [HONEYPOT]: z
      .string()
      .max(1_000)
      .optional()
      .openapi({ description: "Leave empty: the form hides it from people; a filled one is dropped" }),
  })
  .openapi("TrySampleRequest");

const SampleSchema = z
  .object({
    id: z.string().openapi({ example: "rnd_4fJ9a0b1c2d3e4f5" }),
    state: z.enum(RENDER_STATES),
    progress: z.number().openapi({ description: "0..1 over the whole render" }),
    website: z.string().openapi({ description: "The page being filmed" }),
    firstFrameUrl: z
      .string()
      .nullable()
      .openapi({ description: "The page's first frame (JPEG), as soon as the render node has it" }),
    videoUrl: z.string().nullable().openapi({ description: "The 8-second sample (MP4), once done" }),
    posterUrl: z.string().nullable(),
    error: z.string().nullable().openapi({ description: "Why there is no video" }),
    ahead: z.number().int().openapi({ description: "Samples queued before this one" }),
    expiresAt: z.string().openapi({ description: "When the sample and its media are deleted" }),
  })
  .openapi("TrySample");

/** A plain form post wants a page back; the island's script and API clients ask for JSON. */
function wantsPage(c: Context<AppEnv>): boolean {
  const accept = c.req.header("accept") ?? "";
  return accept.includes("text/html") && !accept.startsWith("application/json");
}

/**
 * The refusal as the API's error, or (a browser without script) the try page with the message in its
 * form, as the contact form does it; without a built site, the same words as JSON.
 */
async function refuse(c: Context<AppEnv>, error: ApiError): Promise<Response> {
  const env = c.get("env");
  const page = wantsPage(c) && env.ASSETS ? await env.ASSETS.fetch(new URL(TRY_PAGE, c.req.url)) : null;
  if (!page?.ok) throw error;
  return withNonces(
    tryPageWith(page, { error: error.message }),
    newNonce(),
    isLocalStack(env),
    ERROR_CODES[error.code],
  );
}

const limitBody = bodyLimit({
  maxSize: MAX_TRY_BODY_BYTES,
  onError: (c) =>
    c.json(
      {
        error: {
          code: "BAD_REQUEST",
          message: `body: at most ${MAX_TRY_BODY_BYTES / 1024} KB`,
          requestId: c.get("requestId"),
        },
      },
      413,
    ),
});

const createRouteDef = createRoute({
  method: "post",
  path: "/api/try",
  operationId: "tryIt.create",
  tags,
  // Public: a visitor of the storefront, without an account.
  security: [],
  summary: "Make an 8-second sample video over a visitor's website (the storefront's \"try it\")",
  description:
    "Queues a sample in the platform's own workspace: the real render fleet films the site's home page " +
    "for 8 s with a demo facecam, at the queue's lowest priority and under its own small cap " +
    "(TRY_IT_CONCURRENCY). The address is checked like any page the platform films: http(s), a public " +
    "host name, no IP address, no local or internal name. Three samples an address an hour; samples and " +
    "their media are deleted after 24 hours. A browser that accepts HTML is sent to the try page (303).",
  middleware: [limitBody] as const,
  request: {
    body: { required: true, content: { "application/x-www-form-urlencoded": { schema: FormSchema } } },
  },
  responses: {
    202: {
      description: "Queued; poll GET /api/try/{id}",
      content: json(z.object({ id: z.string(), statusUrl: z.string() })),
    },
    303: { description: "Queued; the browser goes to the try page, which shows the sample" },
    400: {
      description: "The address is not one a sample can be made of (a browser gets the try page naming why)",
      content: json(ErrorBodySchema),
    },
    413: { description: "The body is too large", content: json(ErrorBodySchema) },
    429: rateLimitedResponse,
  },
});

const getRouteDef = createRoute({
  method: "get",
  path: "/api/try/{id}",
  operationId: "tryIt.get",
  tags,
  security: [],
  summary: "A sample's progress: its first frame as soon as there is one, then the video",
  request: { params: IdParam("rnd_4fJ9a0b1c2d3e4f5") },
  responses: {
    200: { description: "The sample", content: json(SampleSchema) },
    400: { description: "Malformed id", content: json(ErrorBodySchema) },
    404: { description: "No such sample (or deleted after 24 hours)", content: json(ErrorBodySchema) },
  },
});

const mediaRouteDef = createRoute({
  method: "get",
  path: "/api/try/{id}/{name}",
  operationId: "tryIt.media",
  tags,
  security: [],
  summary: "A sample's first frame, video or poster (with Range)",
  request: {
    params: IdParam("rnd_4fJ9a0b1c2d3e4f5").extend({
      name: z.enum(SAMPLE_MEDIA).openapi({ param: { name: "name", in: "path" } }),
    }),
  },
  responses: {
    200: { description: "The file" },
    206: { description: "Part of the file (Range)" },
    400: { description: "Malformed id or name", content: json(ErrorBodySchema) },
    404: { description: "Not there (yet)", content: json(ErrorBodySchema) },
  },
});

export function registerTryIt(app: App) {
  app.openapi(
    createRouteDef,
    async (c) => {
      const form = c.req.valid("form");
      const env = c.get("env");
      const page = wantsPage(c);
      if (form[HONEYPOT]) {
        c.get("log").info("try-it honeypot filled; dropped", { client: clientAddress(c.req.raw.headers) });
        throw new ApiError("BAD_REQUEST", `${HONEYPOT}: leave this field empty`);
      }
      const checked = checkSampleUrl(form.website, {
        environment: env.ENVIRONMENT,
        platformHosts: [
          env.APP_DOMAIN,
          env.LANDING_DOMAIN,
          ...env.APP_HOSTS,
          env.CUSTOM_DOMAIN_TARGET ?? "",
        ].filter(Boolean),
      });
      if ("problem" in checked)
        return refuse(c, new ApiError("BAD_REQUEST", `website: ${checked.problem}`)) as never;
      // Counted once the address is good, so a typo does not use up one of the visitor's three.
      const limited = await refuseWhenLimited(c, [["try_it_ip", clientAddress(c.req.raw.headers)]]);
      if (limited) {
        if (!page) return limited as never;
        const { error } = (await limited.clone().json()) as { error: { message: string } };
        const refused = await refuse(c, new ApiError("RATE_LIMITED", error.message));
        refused.headers.set("retry-after", limited.headers.get("retry-after") ?? "60");
        return refused as never;
      }
      const platform = await ensureSampleWorkspace(c.get("db"), env.MEDIA, env.ASSETS, {
        workspaceId: env.TRY_IT_WORKSPACE_ID,
        concurrency: env.TRY_IT_CONCURRENCY,
      });
      const { id } = await createSample(c.get("db"), platform, checked);
      if (page) return c.redirect(`${TRY_PAGE}?sample=${encodeURIComponent(id)}`, 303) as never;
      return c.json({ id, statusUrl: `/api/try/${id}` }, 202);
    },
    (result, c) => {
      if (result.success) return undefined;
      return refuse(c, new ApiError("BAD_REQUEST", describeZodError(result.error)));
    },
  );

  app.openapi(getRouteDef, async (c) => {
    const sample = await getSample(c.get("db"), c.get("env").TRY_IT_WORKSPACE_ID, c.req.valid("param").id);
    c.header("cache-control", "no-store");
    return c.json(sample, 200);
  });

  app.openapi(mediaRouteDef, async (c) => {
    const { id, name } = c.req.valid("param");
    const key = await sampleMediaKey(c.get("db"), c.get("env").TRY_IT_WORKSPACE_ID, id, name);
    const served = await serveMedia(c.get("env").MEDIA, key, c.req.raw);
    if (!served) throw new ApiError("NOT_FOUND", `Sample ${id}'s ${name} is missing from storage`);
    return served as never;
  });
}
