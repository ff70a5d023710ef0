import type { Context } from "hono";
import type { AppEnv } from "../context";
import { ApiError, codeForStatus } from "../errors";

/**
 * Runs a better-auth endpoint for the current request and answers like our API does: its cookies
 * (a renewed session) are passed on, and its errors become an ApiError whose message names `field`
 * when better-auth's code is one of `fieldFor`'s keys.
 */
export async function callAuth(
  c: Context<AppEnv>,
  run: (headers: Headers) => Promise<Response>,
  fieldFor: Record<string, string> = {},
): Promise<unknown> {
  const res = await run(c.req.raw.headers);
  const setCookies = (res.headers as unknown as { getSetCookie(): string[] }).getSetCookie();
  for (const cookie of setCookies) c.header("set-cookie", cookie, { append: true });
  const text = await res.text();
  const body = text ? (JSON.parse(text) as { code?: string; message?: string }) : null;
  if (res.ok) return body;
  const field = body?.code ? fieldFor[body.code] : undefined;
  const message = body?.message ?? `The account service answered ${res.status}`;
  throw new ApiError(codeForStatus(res.status), field ? `${field}: ${message}` : message);
}
