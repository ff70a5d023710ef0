import { SELF } from "cloudflare:test";
import { expect, it } from "vitest";

it("reaches PostgreSQL from workerd", async () => {
  const res = await SELF.fetch("http://localhost/api/health");
  expect(await res.json()).toEqual({ ok: true });
});
