import { campaigns } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type AuthedFetch, anonymous, authed, signUp } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { addLeads, createCampaign, expectError, type LeadBody, uploadAsset } from "./helpers/fixtures";
import { addTeammate } from "./helpers/team";

/** POST /api/campaigns/{id}/landing-preview: the editor's live preview, drawn from unsaved settings. */

const FORM = { "content-type": "application/x-www-form-urlencoded" };

function preview(call: AuthedFetch, campaignId: string, fields: Record<string, string>) {
  return call(`/api/campaigns/${campaignId}/landing-preview`, {
    method: "POST",
    headers: FORM,
    body: new URLSearchParams(fields),
  });
}

async function storedLanding(campaignId: string) {
  const [row] = await withDb((db) => db.select().from(campaigns).where(eq(campaigns.id, campaignId)));
  return row?.landing;
}

describe("landing page preview", () => {
  it("draws the real page with the posted settings for the campaign's first lead, saves nothing, is never cached nor indexed", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call, { landing: { headline: "Saved headline" } });
    await addLeads(call, campaign.id, [{ first_name: "Ada", company: "Engines", website: "example.com" }]);
    const photo = await uploadAsset(call, "photo");
    const res = await preview(call, campaign.id, {
      headline: "Unsaved for {{first_name}}",
      message: "One\n\nTwo",
      repName: "Sam Rivera",
      repTitle: "AE",
      repPhotoAssetId: photo.id,
      replyEmail: "sam@acme.example",
      ctaLabel: "Book",
      ctaUrl: "https://cal.example.com/sam",
    });
    const html = await res.text();
    expect(res.status, html.slice(0, 300)).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-robots-tag")).toContain("noindex");
    expect(html).toContain('<meta name="robots" content="noindex, nofollow"');
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toMatch(/sandbox allow-same-origin/);
    expect(csp).not.toContain("allow-scripts");
    expect(csp).toMatch(/script-src 'nonce-/);
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");

    expect(html).toContain("<h1>Unsaved for Ada</h1>");
    expect(html).toContain('<p class="message">One</p>');
    expect(html).toContain(`<img src="/api/assets/${photo.id}/content" alt="Photo of Sam Rivera" />`);
    expect(html).toContain("mailto:sam@acme.example?subject=");
    expect(html).toContain('target="_blank" rel="noopener noreferrer">Book</a>');
    expect(html).toContain('data-state="preview"');
    expect(html).not.toContain("<script");
    expect(await storedLanding(campaign.id)).toEqual({ headline: "Saved headline" });
  });

  it("uses the chosen lead, and a sample lead when the campaign has none", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call);
    const empty = await preview(call, campaign.id, { headline: "Hi {{first_name}}" });
    expect(await empty.text()).toContain("<h1>Hi Alex</h1>");
    const [, bo] = (await addLeads(call, campaign.id, [
      { first_name: "Ada", website: "a.example.com" },
      { first_name: "Bo", website: "b.example.com" },
    ])) as [LeadBody, LeadBody];
    const chosen = await preview(call, campaign.id, { headline: "Hi {{first_name}}", leadId: bo.id });
    expect(await chosen.text()).toContain("<h1>Hi Bo</h1>");
  });

  it("is open to members, who may edit campaigns", async () => {
    const owner = await signUp();
    const campaign = await createCampaign(authed(owner.cookie));
    const member = await addTeammate(owner, "member");
    const res = await preview(authed(member.cookie), campaign.id, { headline: "Member's draft" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Member&#39;s draft");
  });
});

describe("attacks on the landing preview", () => {
  it("keeps markup in the posted settings as text and runs no script", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call);
    const res = await preview(call, campaign.id, {
      headline: "<script>alert(1)</script>",
      message: "a<img src=x onerror=alert(2)>\nb",
      repName: "</strong><iframe src=//evil>",
    });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).not.toMatch(/<script|<img src=x|<iframe src=\/\/evil/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain('<p class="message">a&lt;img src=x onerror=alert(2)&gt;<br />b</p>');
  });

  it("refuses javascript: links, another workspace's photo, lead or campaign, and saves nothing", async () => {
    const victim = await signUp();
    const intruder = await signUp();
    const victimCampaign = await createCampaign(authed(victim.cookie), { landing: { headline: "Victim" } });
    const [victimLead] = (await addLeads(authed(victim.cookie), victimCampaign.id, [
      { first_name: "Secret", website: "secret.example.com" },
    ])) as [LeadBody];
    const victimPhoto = await uploadAsset(authed(victim.cookie), "photo");
    const call = authed(intruder.cookie);
    const own = await createCampaign(call);

    await expectError(
      await preview(call, own.id, { ctaUrl: "javascript:alert(document.cookie)" }),
      400,
      "BAD_REQUEST",
      /ctaUrl/,
    );
    await expectError(
      await preview(call, own.id, { repPhotoAssetId: victimPhoto.id }),
      400,
      "BAD_REQUEST",
      /landing\.repPhotoAssetId: .* is not an asset of this workspace/,
    );
    const leadRes = await preview(call, own.id, { leadId: victimLead.id });
    const leadBody = await leadRes.text();
    expect(leadRes.status, leadBody).toBe(404);
    expect(leadBody).not.toContain("Secret");
    await expectError(await preview(call, victimCampaign.id, { headline: "x" }), 404, "NOT_FOUND");
    await expectError(await preview(call, own.id, { headline: "x", isAdmin: "1" }), 400, "BAD_REQUEST");
    await expectError(await preview(anonymous, own.id, { headline: "x" }), 401, "UNAUTHORIZED");
    expect(await storedLanding(victimCampaign.id)).toEqual({ headline: "Victim" });
  });

  it("refuses a preview posted from another site's page with the user's cookie", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call);
    const res = await call(`/api/campaigns/${campaign.id}/landing-preview`, {
      method: "POST",
      headers: { ...FORM, origin: "https://evil.example" },
      body: new URLSearchParams({ headline: "phish" }),
    });
    await expectError(res, 403, "FORBIDDEN");
  });
});
