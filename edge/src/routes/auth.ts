import { AUTH_BASE_PATH, authFor } from "../auth/auth";
import type { App } from "../context";

/** better-auth's own endpoints: sign-up/sign-in/sign-out/get-session under /api/auth. */
export function registerAuth(app: App) {
  app.on(["GET", "POST"], `${AUTH_BASE_PATH}/*`, (c) => authFor(c).handler(c.req.raw));
}
