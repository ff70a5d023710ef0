import { describe, expect, it } from "vitest";
import { isAllowedLinkUrl } from "../src/contracts/links";
import { LandingSettingsSchema } from "../src/contracts/scene";

const SCRIPT_URLS = [
  "javascript:alert(document.domain)",
  "JavaScript:alert(1)",
  " javascript:alert(1)",
  "java\tscript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "data:image/svg+xml,<svg onload=alert(1)>",
  "vbscript:msgbox(1)",
  "blob:https://acme.example/1234",
  "file:///etc/passwd",
];

describe("landing links", () => {
  it("accepts https links, mailto replies for the CTA, and http on loopback hosts only", () => {
    const ok = LandingSettingsSchema.safeParse({
      ctaUrl: "mailto:rep@acme.example?subject=Hi",
      calendarUrl: "https://calendly.com/rep/30min",
    });
    expect(ok.success, JSON.stringify(ok.error?.issues)).toBe(true);
    for (const url of [
      "https://acme.example/pricing",
      "http://127.0.0.1:8790/x",
      "http://demo.localhost:8787/",
    ]) {
      expect(isAllowedLinkUrl(url, "cta"), url).toBe(true);
      expect(isAllowedLinkUrl(url, "embed"), url).toBe(true);
    }
  });

  it("refuses script-running and other schemes, naming the field", () => {
    for (const url of SCRIPT_URLS) {
      for (const field of ["ctaUrl", "calendarUrl"]) {
        const result = LandingSettingsSchema.safeParse({ [field]: url });
        expect(result.success, `${field} = ${url}`).toBe(false);
        expect(result.error?.issues[0]?.path.join(".")).toBe(field);
      }
    }
    const js = LandingSettingsSchema.safeParse({ ctaUrl: "javascript:alert(1)" });
    expect(js.error?.issues[0]?.message).toMatch(/javascript: links are not allowed/);
  });

  it("refuses plain http off loopback, and mailto inside the page", () => {
    expect(isAllowedLinkUrl("http://acme.example/", "cta")).toBe(false);
    expect(isAllowedLinkUrl("http://10.0.0.1/", "cta")).toBe(false);
    expect(isAllowedLinkUrl("http://localhost.evil.example/", "cta")).toBe(false);
    expect(isAllowedLinkUrl("mailto:rep@acme.example", "embed")).toBe(false);
    expect(isAllowedLinkUrl("not a url", "cta")).toBe(false);
  });
});
