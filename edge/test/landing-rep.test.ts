import { SELF } from "cloudflare:test";
import { campaigns } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { anonymous, authed, signUp, type TestAccount } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import {
  addLeads,
  createCampaign,
  expectError,
  type LeadBody,
  sample,
  uploadAsset,
} from "./helpers/fixtures";

/** The rep's identity, the reply link, the CTA's new tab and the message's line breaks on a lead's page. */

async function pageOf(account: TestAccount, leadSlug: string): Promise<string> {
  const res = await SELF.fetch(`http://${account.workspaceSlug}.localhost/${leadSlug}`);
  const html = await res.text();
  expect(res.status, html.slice(0, 300)).toBe(200);
  return html;
}

async function campaignWithLead(account: TestAccount, landing: Record<string, unknown>) {
  const call = authed(account.cookie);
  const campaign = await createCampaign(call, { landing });
  const [lead] = (await addLeads(call, campaign.id, [
    { first_name: "Ada", last_name: "Lovelace", company: "Engines & Co", website: "example.com" },
  ])) as [LeadBody];
  return { campaign, lead };
}

describe("the rep on a lead's landing page", () => {
  it("shows the rep's photo, name and title, a reply link naming the lead, and a CTA opening in a new tab", async () => {
    const account = await signUp();
    const photo = await uploadAsset(authed(account.cookie), "photo");
    const { lead } = await campaignWithLead(account, {
      repPhotoAssetId: photo.id,
      repName: "Sam Rivera",
      repTitle: "Account Executive",
      replyEmail: "sam@acme.example",
      ctaLabel: "Book a call",
      ctaUrl: "https://cal.example.com/sam",
    });
    const html = await pageOf(account, lead.slug);
    expect(html).toContain(`<img src="/${lead.slug}/photo" alt="Photo of Sam Rivera" />`);
    expect(html).toContain("<strong>Sam Rivera</strong><span>Account Executive</span>");
    const subject = encodeURIComponent("Re: the video for Ada Lovelace (Engines & Co)");
    expect(html).toContain(
      `<a class="reply" href="mailto:sam@acme.example?subject=${subject}">Reply to Sam Rivera by email</a>`,
    );
    expect(html).toMatch(
      /<a class="cta" data-track="cta" href="https:\/\/cal\.example\.com\/sam" target="_blank" rel="noopener noreferrer">Book a call<\/a>/,
    );

    const served = await SELF.fetch(`http://${account.workspaceSlug}.localhost/${lead.slug}/photo`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/jpeg");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(sample("jpeg"));
  });

  it("shows no rep block and no reply link when none is set, and the photo path is the 404 page", async () => {
    const account = await signUp();
    const { lead } = await campaignWithLead(account, {});
    const html = await pageOf(account, lead.slug);
    expect(html).not.toContain('class="rep"');
    expect(html).not.toContain("mailto:");
    const photo = await SELF.fetch(`http://${account.workspaceSlug}.localhost/${lead.slug}/photo`);
    expect(photo.status).toBe(404);
  });

  it("keeps the message's line breaks and blank lines as paragraphs", async () => {
    const account = await signUp();
    const { lead } = await campaignWithLead(account, {
      message: "Hi {{first_name}},\r\nI watched your demo.\n\nTalk soon,\nSam",
    });
    const html = await pageOf(account, lead.slug);
    expect(html).toContain('<p class="message">Hi Ada,<br />I watched your demo.</p>');
    expect(html).toContain('<p class="message">Talk soon,<br />Sam</p>');
  });
});

describe("attacks on the rep's settings", () => {
  it("keeps markup in the message, name, title and a lead's fields as text, line breaks and all", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call, {
      landing: {
        message:
          'Line one <script>alert(1)</script>\n<img src=x onerror="alert(2)">\n\n</p><iframe src=//evil>',
        repName: '"><script>alert(3)</script>',
        repTitle: "<b onmouseover=alert(4)>CEO</b>",
        replyEmail: "sam@acme.example",
      },
    });
    const [lead] = (await addLeads(call, campaign.id, [
      { first_name: '"><svg onload=alert(5)>', website: "example.com" },
    ])) as [LeadBody];
    const html = await pageOf(account, lead.slug);
    const body = html.slice(html.indexOf("<main"));
    expect(body).not.toMatch(/<script>|<img src=x|<iframe src=\/\/evil|<svg onload|<b onmouseover/);
    expect(body).toContain(
      '<p class="message">Line one &lt;script&gt;alert(1)&lt;/script&gt;<br />&lt;img src=x onerror=&quot;alert(2)&quot;&gt;</p>',
    );
    expect(body).toContain('<p class="message">&lt;/p&gt;&lt;iframe src=//evil&gt;</p>');
    expect(body).toContain("<strong>&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;</strong>");
    expect(body).toContain("<span>&lt;b onmouseover=alert(4)&gt;CEO&lt;/b&gt;</span>");
    // The lead's own field reaches the mailto: subject URL-encoded, never as markup.
    expect(body).toContain(`subject=${encodeURIComponent('Re: the video for "><svg onload=alert(5)>')}"`);
  });

  it("refuses a reply address that is not an e-mail address (no mailto: header injection) and changes nothing", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const { campaign } = await campaignWithLead(account, { replyEmail: "sam@acme.example" });
    for (const replyEmail of [
      "sam@acme.example?bcc=all@victims.example",
      "javascript:alert(1)//@x.example",
      "sam@acme.example\r\nbcc: x@y.example",
    ]) {
      await expectError(
        await call(`/api/campaigns/${campaign.id}`, { method: "PATCH", json: { landing: { replyEmail } } }),
        400,
        "BAD_REQUEST",
        /landing\.replyEmail/,
      );
    }
    const [row] = await withDb((db) => db.select().from(campaigns).where(eq(campaigns.id, campaign.id)));
    expect(row?.landing).toEqual({ replyEmail: "sam@acme.example" });
  });

  it("refuses another workspace's image, a logo or a facecam as the rep's photo, and changes nothing", async () => {
    const account = await signUp();
    const stranger = await signUp();
    const call = authed(account.cookie);
    const theirs = await uploadAsset(authed(stranger.cookie), "photo");
    const logo = await uploadAsset(call, "logo");
    const facecam = await uploadAsset(call, "facecam");
    const { campaign } = await campaignWithLead(account, {});
    for (const [id, message] of [
      [theirs.id, /landing\.repPhotoAssetId: .* is not an asset of this workspace/],
      [logo.id, /landing\.repPhotoAssetId: .* is a logo, not a photo image/],
      [facecam.id, /landing\.repPhotoAssetId: .* is a facecam, not a photo image/],
    ] as const) {
      await expectError(
        await call(`/api/campaigns/${campaign.id}`, {
          method: "PATCH",
          json: { landing: { repPhotoAssetId: id } },
        }),
        400,
        "BAD_REQUEST",
        message,
      );
    }
    const [row] = await withDb((db) => db.select().from(campaigns).where(eq(campaigns.id, campaign.id)));
    expect(row?.landing).toEqual({});
    // And the landing host will not serve another workspace's photo through its path.
    await withDb((db) =>
      db
        .update(campaigns)
        .set({ landing: { repPhotoAssetId: theirs.id } })
        .where(eq(campaigns.id, campaign.id)),
    );
    const listed = (await (await call(`/api/campaigns/${campaign.id}/leads`)).json()) as {
      leads: LeadBody[];
    };
    const lead = listed.leads[0];
    const res = await anonymous(`http://${account.workspaceSlug}.localhost/${lead?.slug}/photo`);
    expect(res.status).toBe(404);
  });
});
