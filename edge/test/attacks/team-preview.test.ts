import { env } from "cloudflare:test";
import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { PREVIEW_TOKEN_TTL_MS, previewUrl } from "../../src/landing/team-mark";
import { signClaims } from "../../src/lib/signed-claims";
import { anonymous, authed, signUp, type TestAccount } from "../helpers/accounts";
import { expectError } from "../helpers/fixtures";
import { beaconOn, eventsOf, leadWithVideo, onLanding, openAsTeam, setCookies } from "../helpers/landing";

/**
 * The team mark, attacked. Whoever holds a valid mark hides their visits from the workspace's figures,
 * so a prospect (or anyone) who forges, replays or borrows one could make real views vanish, and a
 * token that survived in a copied address would do the same for whoever opens it. Each attack sends
 * the request, gets the page served as to anyone with no cookie, and its beacon still counts as the
 * prospect's.
 */

const originOf = (account: TestAccount) => `http://${account.workspaceSlug}.localhost`;

/** The page opened with `token` in its preview parameter: served as to a prospect, no cookie, no redirect. */
async function expectIgnored(account: TestAccount, leadSlug: string, token: string) {
  const res = await onLanding(`${originOf(account)}/${leadSlug}?preview=${encodeURIComponent(token)}`);
  const html = await res.text();
  expect(res.status, `served as to anyone: ${html.slice(0, 200)}`).toBe(200);
  expect(setCookies(res), "no team cookie").toEqual([]);
  expect(html).not.toContain('data-audience="team"');
}

/** After an attack the visitor's beacon is still the prospect's. */
async function expectCountedAsProspect(
  account: TestAccount,
  lead: { id: string; slug: string },
  cookie?: string,
) {
  const visitId = `attack-${crypto.randomUUID()}`;
  expect((await beaconOn(originOf(account), lead.slug, { type: "view", visitId }, cookie)).status).toBe(204);
  const events = await eventsOf(lead.id);
  expect(events.find((e) => e.visitId === visitId)).toEqual({ type: "view", audience: "prospect", visitId });
}

/** The control: the lead's own member, through the dashboard's link, does get the mark on that page. */
async function expectGenuineMarks(account: TestAccount, lead: { id: string; slug: string }) {
  const mark = await openAsTeam(account, lead.id);
  const visitId = `control-${crypto.randomUUID()}`;
  expect((await beaconOn(originOf(account), lead.slug, { type: "view", visitId }, mark)).status).toBe(204);
  const events = await eventsOf(lead.id);
  expect(events.find((e) => e.visitId === visitId)?.audience).toBe("team");
}

function tokenOf(url: string): string {
  return new URL(url).searchParams.get("preview") ?? "";
}

describe("preview token attacks", () => {
  it("ignores a token signed with another secret, one altered after signing, and garbage", async () => {
    const victim = await signUp("Victim");
    const { lead } = await leadWithVideo(victim);
    const subject = { workspaceId: victim.workspaceId, leadId: lead.id };
    const landing = `${originOf(victim)}/${lead.slug}`;
    const forged = tokenOf(await previewUrl("an-attacker-guessed-secret-0123456789", landing, subject));
    const genuine = tokenOf(await previewUrl(env.BETTER_AUTH_SECRET, landing, subject));
    const [head, , signature] = genuine.split(".");
    const claims = {
      ws: victim.workspaceId,
      lead: lead.id,
      host: new URL(landing).host,
      aud: "landing-preview",
    };
    const altered = `${head}.${btoa(JSON.stringify({ ...claims, exp: 4102444800 })).replace(/=+$/, "")}.${signature}`;
    const unsigned = `${btoa(JSON.stringify({ alg: "none", typ: "JWT" })).replace(/=+$/, "")}.${btoa(JSON.stringify({ ...claims, exp: 4102444800 })).replace(/=+$/, "")}.`;
    // Signed with the raw secret instead of the derived key: a token from another part of the platform.
    const rawSecret = await sign({ ...claims, exp: 4102444800 }, env.BETTER_AUTH_SECRET, "HS256");
    for (const token of [forged, altered, unsigned, rawSecret, "not-a-token", "a.b.c"]) {
      await expectIgnored(victim, lead.slug, token);
    }
    await expectCountedAsProspect(victim, lead);
    await expectGenuineMarks(victim, lead);
  });

  it("ignores an expired token", async () => {
    const victim = await signUp("Victim");
    const { lead } = await leadWithVideo(victim);
    const minted = new Date(Date.now() - PREVIEW_TOKEN_TTL_MS - 60_000);
    const url = await previewUrl(
      env.BETTER_AUTH_SECRET,
      `${originOf(victim)}/${lead.slug}`,
      { workspaceId: victim.workspaceId, leadId: lead.id },
      minted,
    );
    await expectIgnored(victim, lead.slug, tokenOf(url));
    await expectCountedAsProspect(victim, lead);
    await expectGenuineMarks(victim, lead);
  });

  it("ignores another workspace's genuine token, and a token for another lead or host of the same workspace", async () => {
    const victim = await signUp("Victim");
    const intruder = await signUp("Intruder");
    const { lead } = await leadWithVideo(victim);
    const { lead: sibling } = await leadWithVideo(victim, "Bea");
    const { lead: theirs } = await leadWithVideo(intruder);
    const toLanding = await authed(intruder.cookie)(`/api/leads/${theirs.id}/preview`, {
      redirect: "manual",
    });
    expect(toLanding.status).toBe(302);
    const intrudersToken = tokenOf(toLanding.headers.get("location") ?? "");
    await expectIgnored(victim, lead.slug, intrudersToken);

    const secret = env.BETTER_AUTH_SECRET;
    const siblingsToken = tokenOf(
      await previewUrl(secret, `${originOf(victim)}/${sibling.slug}`, {
        workspaceId: victim.workspaceId,
        leadId: sibling.id,
      }),
    );
    await expectIgnored(victim, lead.slug, siblingsToken);
    const otherHostsToken = tokenOf(
      await previewUrl(secret, `http://elsewhere.example.com/${lead.slug}`, {
        workspaceId: victim.workspaceId,
        leadId: lead.id,
      }),
    );
    await expectIgnored(victim, lead.slug, otherHostsToken);
    await expectCountedAsProspect(victim, lead);
    await expectGenuineMarks(victim, lead);
  });
});

describe("team cookie attacks", () => {
  it("counts as the prospect a forged cookie, another workspace's genuine cookie, and a preview token sent as the cookie", async () => {
    const victim = await signUp("Victim");
    const intruder = await signUp("Intruder");
    const { lead } = await leadWithVideo(victim);
    const { lead: theirs } = await leadWithVideo(intruder);
    const intrudersMark = await openAsTeam(intruder, theirs.id);
    const value = intrudersMark.split("=")[1] ?? "";
    const forged = await signClaims(
      { secret: "an-attacker-guessed-secret-0123456789", purpose: "landing-team-mark" },
      { ws: victim.workspaceId },
      new Date(Date.now() + 86_400_000),
    );
    const previewToken = tokenOf(
      await previewUrl(env.BETTER_AUTH_SECRET, `${originOf(victim)}/${lead.slug}`, {
        workspaceId: victim.workspaceId,
        leadId: lead.id,
      }),
    );
    const expired = await signClaims(
      { secret: env.BETTER_AUTH_SECRET, purpose: "landing-team-mark" },
      { ws: victim.workspaceId },
      new Date(Date.now() - 60_000),
      new Date(Date.now() - 86_400_000),
    );
    for (const cookie of [
      `ll_team=${value}`,
      `ll_team=${forged}`,
      `ll_team=${previewToken}`,
      `ll_team=${expired}`,
      "ll_team=team",
    ]) {
      await expectCountedAsProspect(victim, lead, cookie);
      const page = await onLanding(`${originOf(victim)}/${lead.slug}`, { cookie });
      expect(await page.text(), cookie).not.toContain('data-audience="team"');
    }
    await expectGenuineMarks(victim, lead);
  });
});

describe("minting preview links", () => {
  it("refuses API keys (even the owner's), another workspace's member, and anonymous callers", async () => {
    const victim = await signUp("Victim");
    const intruder = await signUp("Intruder");
    const { lead } = await leadWithVideo(victim);
    const path = `/api/leads/${lead.id}/preview`;
    await expectError(await authed(victim.apiKey)(path, { redirect: "manual" }), 403, "FORBIDDEN");
    await expectError(await authed(intruder.cookie)(path, { redirect: "manual" }), 404, "NOT_FOUND");
    await expectError(await anonymous(path, { redirect: "manual" }), 401, "UNAUTHORIZED");
    // The same lead's member gets the link.
    expect((await authed(victim.cookie)(path, { redirect: "manual" })).status).toBe(302);
  });

  it("never puts a preview token where prospects get links: the lead, its export and its email snippet", async () => {
    const victim = await signUp("Victim");
    const { campaign, lead } = await leadWithVideo(victim);
    const call = authed(victim.cookie);
    for (const path of [
      `/api/leads/${lead.id}`,
      `/api/campaigns/${campaign.id}/leads`,
      `/api/campaigns/${campaign.id}/leads/export`,
      `/api/leads/${lead.id}/email-snippet`,
    ]) {
      const res = await call(path);
      const text = await res.text();
      expect(res.status, text.slice(0, 200)).toBe(200);
      expect(text, path).toContain(lead.slug);
      expect(text, path).not.toMatch(/[?&]preview=/);
    }
  });
});
