import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";

/**
 * The request body as text, or null when it is over `maxBytes`: refused from Content-Length before
 * anything is read, and a body without one stops being read at the first byte past the cap.
 */
export async function bodyTextWithin(c: Context, maxBytes: number): Promise<string | null> {
  let text: string | null = null;
  const tooBig = () => undefined as unknown as Response;
  await bodyLimit({ maxSize: maxBytes, onError: tooBig })(c, async () => {
    text = await c.req.text();
  });
  return text;
}
