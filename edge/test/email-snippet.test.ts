import { describe, expect, it } from "vitest";
import { anonymous, authed, signUp } from "./helpers/accounts";
import { finishedRender, seedRender } from "./helpers/factories";
import { addLeads, createCampaign, expectError } from "./helpers/fixtures";

interface Snippet {
  landingUrl: string;
  imageUrl: string | null;
  html: string;
  text: string;
}

describe("GET /api/leads/{id}/email-snippet", () => {
  it("links the GIF to the landing page, with the lead's name in the alt text, escaped", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call);
    const [lead, pending] = await addLeads(call, campaign.id, [
      { first_name: 'Ada "the" <Countess>', website: "example.com" },
      { first_name: "Bob", website: "example.org" },
    ]);
    if (!lead || !pending) throw new Error("no leads");
    const prefix = `ws/${account.workspaceId}/renders/rnd_snip_${lead.id.slice(3)}`;
    await seedRender(
      finishedRender(account, campaign, lead, {
        id: `rnd_snip_${lead.id.slice(3)}`,
        artifacts: {
          "video.mp4": `${prefix}/video.mp4`,
          "poster.jpg": `${prefix}/poster.jpg`,
          "preview.gif": `${prefix}/preview.gif`,
        },
      }),
    );
    const res = await call(`/api/leads/${lead.id}/email-snippet`);
    const snippet = (await res.json()) as Snippet;
    expect(res.status, JSON.stringify(snippet)).toBe(200);
    const page = `http://${account.workspaceSlug}.localhost/${lead.slug}`;
    expect(snippet.landingUrl).toBe(page);
    expect(snippet.imageUrl).toBe(`${page}/preview.gif`);
    expect(snippet.html).toContain(`<a href="${page}" target="_blank"><img src="${page}/preview.gif"`);
    expect(snippet.html).toContain('alt="A video for Ada &quot;the&quot; &lt;Countess&gt; from ');
    expect(snippet.text).toBe(`Watch the video I made for Ada "the" <Countess>: ${page}`);

    const none = (await (await call(`/api/leads/${pending.id}/email-snippet`)).json()) as Snippet;
    expect(none.imageUrl).toBeNull();
    expect(none.html).not.toContain("<img");
    expect(none.html).toContain(`href="http://${account.workspaceSlug}.localhost/${pending.slug}"`);

    const stranger = authed((await signUp()).apiKey);
    await expectError(await stranger(`/api/leads/${lead.id}/email-snippet`), 404, "NOT_FOUND");
    await expectError(await anonymous(`/api/leads/${lead.id}/email-snippet`), 401, "UNAUTHORIZED");
  });
});
