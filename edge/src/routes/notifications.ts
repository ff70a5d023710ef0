import { createRoute, z } from "@hono/zod-openapi";
import { WATCH_ALERT_KINDS } from "@loom-lite/schema/db";
import type { App } from "../context";
import { ErrorBodySchema } from "../errors";
import { requirePrincipal, requireUser } from "../middleware/auth";
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  NOTIFICATION_ID,
} from "../services/watch-alerts/feed";
import { getAlertPreferences, updateAlertPreferences } from "../services/watch-alerts/preferences";
import { commonErrors, SECURITY } from "./openapi-common";

const tags = ["Notifications"];
const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });
const auth = { security: SECURITY, middleware: requirePrincipal };
const forbidden = {
  description: "Needs a signed-in user: alerts belong to a person, API keys have none",
  content: json(ErrorBodySchema),
};
const OWN =
  "The signed-in member's own watch alerts in their current workspace; a teammate's are never shown.";

const NotificationSchema = z
  .object({
    id: z.string().openapi({ example: "ntf_42" }),
    kind: z.enum(WATCH_ALERT_KINDS).openapi({
      description:
        "`opened`: the lead opened the page; `watched_half`: played past half of the video; `clicked`: clicked the call to action",
    }),
    leadId: z.string(),
    campaignId: z.string(),
    leadName: z
      .string()
      .openapi({ description: "From the lead's fields (first and last name, name or email); may be empty" }),
    company: z.string().openapi({ description: "The lead's `company` field; may be empty" }),
    campaignName: z.string(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .openapi("Notification");

const PreferencesSchema = z
  .object({
    emailOpened: z.boolean().openapi({ description: "E-mail when a lead opens the page" }),
    emailWatchedHalf: z.boolean().openapi({ description: "E-mail when a lead plays past half of the video" }),
    emailClicked: z.boolean().openapi({ description: "E-mail when a lead clicks the call to action" }),
    dailyDigest: z.boolean().openapi({
      description:
        "Instead of an e-mail per alert, one e-mail a day listing the day's alerts of the kinds above",
    }),
  })
  .openapi("NotificationPreferences");

const listRoute = createRoute({
  method: "get",
  path: "/api/notifications",
  operationId: "notifications.list",
  tags,
  summary: "The caller's watch alerts, newest first",
  description: OWN,
  ...auth,
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ example: 20 }),
      cursor: z
        .string()
        .regex(NOTIFICATION_ID, "nextCursor of the previous page")
        .optional()
        .openapi({ description: "nextCursor of the previous page" }),
      unread: z
        .enum(["true", "false"])
        .optional()
        .openapi({ description: "`true`: only alerts not read yet" }),
    }),
  },
  responses: {
    200: {
      description: "A page of alerts and the number unread",
      content: json(
        z.object({
          items: z.array(NotificationSchema),
          nextCursor: z.string().nullable(),
          unreadCount: z.number().int(),
        }),
      ),
    },
    ...commonErrors,
    403: forbidden,
  },
});

const readRoute = createRoute({
  method: "post",
  path: "/api/notifications/{id}/read",
  operationId: "notifications.markRead",
  tags,
  summary: "Mark one alert read",
  description: OWN,
  ...auth,
  request: {
    params: z.object({
      id: z
        .string()
        .regex(NOTIFICATION_ID, "a notification id (ntf_…)")
        .openapi({ param: { name: "id", in: "path" }, example: "ntf_42" }),
    }),
  },
  responses: {
    204: { description: "Read" },
    ...commonErrors,
    403: forbidden,
  },
});

const readAllRoute = createRoute({
  method: "post",
  path: "/api/notifications/read-all",
  operationId: "notifications.markAllRead",
  tags,
  summary: "Mark every alert read",
  description: OWN,
  ...auth,
  responses: {
    200: { description: "How many were marked", content: json(z.object({ marked: z.number().int() })) },
    401: commonErrors[401],
    403: forbidden,
  },
});

const getPreferencesRoute = createRoute({
  method: "get",
  path: "/api/notifications/preferences",
  operationId: "notifications.preferences.get",
  tags,
  summary: "What the caller is e-mailed about watch alerts in this workspace",
  description:
    "The in-app feed always has every alert. Without a choice made: every kind, one e-mail per alert.",
  ...auth,
  responses: {
    200: { description: "The preferences", content: json(PreferencesSchema) },
    401: commonErrors[401],
    403: forbidden,
  },
});

const patchPreferencesRoute = createRoute({
  method: "patch",
  path: "/api/notifications/preferences",
  operationId: "notifications.preferences.update",
  tags,
  summary: "Change what the caller is e-mailed about watch alerts in this workspace",
  description: "Send the fields to change; the others stay.",
  ...auth,
  request: {
    body: {
      required: true,
      content: json(
        PreferencesSchema.partial()
          .strict()
          .refine((b) => Object.keys(b).length > 0, { message: "send at least one preference" }),
      ),
    },
  },
  responses: {
    200: { description: "The preferences now", content: json(PreferencesSchema) },
    ...commonErrors,
    403: forbidden,
  },
});

export function registerNotifications(app: App) {
  app.openapi(listRoute, async (c) => {
    const { userId } = requireUser(c);
    const { limit, cursor, unread } = c.req.valid("query");
    return c.json(
      await listNotifications(c.get("workspace"), userId, { limit, cursor, unreadOnly: unread === "true" }),
      200,
    );
  });

  app.openapi(readAllRoute, async (c) => {
    const { userId } = requireUser(c);
    return c.json({ marked: await markAllNotificationsRead(c.get("workspace"), userId) }, 200);
  });

  app.openapi(readRoute, async (c) => {
    const { userId } = requireUser(c);
    await markNotificationRead(c.get("workspace"), userId, c.req.valid("param").id);
    return c.body(null, 204);
  });

  app.openapi(getPreferencesRoute, async (c) => {
    const { userId } = requireUser(c);
    return c.json(await getAlertPreferences(c.get("workspace"), userId), 200);
  });

  app.openapi(patchPreferencesRoute, async (c) => {
    const { userId } = requireUser(c);
    return c.json(await updateAlertPreferences(c.get("workspace"), userId, c.req.valid("json")), 200);
  });
}
