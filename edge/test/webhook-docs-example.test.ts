import { describe, expect, it } from "vitest";
// The exact file /docs/webhooks shows to customers.
import { verifyLoomSignature } from "../../site/src/docs/examples/verify-webhook.mjs";
import { signatureHeader } from "../src/lib/webhook-signature";

describe("the docs' webhook verification example", () => {
  const secret = "whsec_docs_example_secret";
  const body = JSON.stringify({ type: "render.completed", data: { leadId: "ld_1", note: "ü ✓" } });
  const now = Math.floor(Date.now() / 1000);

  it("accepts a delivery signed by the edge's signing code", async () => {
    expect(verifyLoomSignature(secret, await signatureHeader(secret, body, now), body)).toBe(true);
  });

  it("refuses a changed body, another secret, an old timestamp and a malformed header", async () => {
    const header = await signatureHeader(secret, body, now);
    expect(verifyLoomSignature(secret, header, `${body} `)).toBe(false);
    expect(verifyLoomSignature("whsec_other", header, body)).toBe(false);
    expect(verifyLoomSignature(secret, await signatureHeader(secret, body, now - 3600), body)).toBe(false);
    expect(verifyLoomSignature(secret, "t=abc,v1=zz", body)).toBe(false);
    expect(verifyLoomSignature(secret, undefined, body)).toBe(false);
  });
});
