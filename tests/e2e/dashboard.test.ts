import { readFile } from "node:fs/promises";
import path from "node:path";
import { createApiClient } from "@loom-lite/testkit/api-client";
import Papa from "papaparse";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { adminToken, edgeUrl, launchNode, setGlobalCap, waitFor } from "../harness/world";
import { checkScreen, launchBrowser } from "./lib/browser";

/**
 * One rep's first session, in a real browser against the local stack: sign up, a campaign with a
 * facecam, a CSV with one bad row, renders watched to the end, a cancel, the landing page, the export,
 * an API key used and revoked, and every main screen checked for obvious breakage.
 */
/** The link in the newest email of that kind to that address, from the dev mailbox. */
async function mailboxLink(
  to: string,
  kind: "invitation" | "password_reset" | "email_verification",
): Promise<string> {
  const res = await fetch(`${edgeUrl()}/api/dev/mailbox?limit=50`);
  const { emails } = (await res.json()) as { emails: { to: string; kind: string; text: string }[] };
  const text = emails.find((e) => e.to === to && e.kind === kind)?.text ?? "";
  const link = /(https?:\/\/\S+)/.exec(text)?.[1];
  if (!link) throw new Error(`no ${kind} email to ${to}: ${JSON.stringify(emails.slice(0, 3))}`);
  return link;
}

describe("the dashboard, from sign-up to rendered videos", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let node: Awaited<ReturnType<typeof launchNode>>;
  const pageErrors: string[] = [];
  /** Every API call the dashboard made, as `METHOD /path`. */
  const apiCalls = new Set<string>();
  const email = inject("operatorEmail");
  const campaignName = "E2E bakeries outreach";
  let campaignId = "";

  const leadRow = (name: string) => page.locator("table[aria-label=Leads] tbody tr", { hasText: name });
  const leadState = (name: string) => leadRow(name).getAttribute("data-state");

  beforeAll(async () => {
    await setGlobalCap(2);
    [browser, node] = await Promise.all([launchBrowser(), launchNode("e2e", { slots: 1 })]);
    context = await browser.newContext({ baseURL: edgeUrl(), viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    context.on("request", (req) => {
      const url = new URL(req.url());
      if (url.pathname.startsWith("/api/")) apiCalls.add(`${req.method()} ${url.pathname}`);
    });
    page.on("pageerror", (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await node?.stop();
  });

  it("signs up and lands on an empty campaign list", async () => {
    await page.goto("/app#/signup");
    await page.getByLabel("Your name").fill("Erin Example");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("e2e-password-long");
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.getByText("No campaigns yet.").waitFor();
    await checkScreen(page, "01-campaigns-empty", {
      shows: ["Create your first campaign", "Settings", `open the link we sent to ${email}`],
    });
  });

  it("verifies the email from the emailed link, back on the dashboard", async () => {
    await page.goto(await mailboxLink(email, "email_verification"));
    await page.getByText("No campaigns yet.").waitFor();
    await page.getByRole("status", { name: "Verify your email" }).waitFor({ state: "detached" });
    // The platform's admin (holding the admin token) makes this verified account an operator.
    const granted = await fetch(`${edgeUrl()}/api/admin/operators`, {
      method: "POST",
      headers: { authorization: `Bearer ${adminToken()}`, "content-type": "application/json" },
      body: JSON.stringify({ email }),
    });
    expect(granted.status, await granted.text()).toBe(201);
  });

  it("creates a campaign with an uploaded facecam", async () => {
    await page.getByRole("link", { name: "New campaign" }).first().click();
    await page.getByLabel("Campaign name").fill(campaignName);
    await page.getByLabel("Facecam video").setInputFiles(inject("facecams").short.path);
    await page.getByText(/Uploaded \(/).waitFor({ timeout: 30_000 });
    const seconds = page.getByLabel("Seconds");
    await seconds.nth(0).fill("1");
    await seconds.nth(1).fill("1");
    await checkScreen(page, "02-campaign-new", { shows: ["Facecam bubble", "Scenes"] });
    // Submitted from the keyboard: a click lands on coordinates, and the form may still shift while the
    // uploaded clip's preview loads (a click once hit empty space and did nothing on a loaded machine).
    await page.getByRole("button", { name: "Create campaign" }).press("Enter");
    await page
      .getByRole("heading", { name: campaignName })
      .waitFor()
      .catch(async (error: unknown) => {
        const invalid = await page
          .locator("form :invalid")
          .evaluateAll((els) =>
            els.map(
              (e) =>
                `${e.getAttribute("aria-label") ?? e.id}: ${(e as unknown as { validationMessage: string }).validationMessage}`,
            ),
          );
        const alerts = await page.getByRole("alert").allTextContents();
        throw new Error(
          `the campaign was not created; invalid fields ${JSON.stringify(invalid)}, alerts ${JSON.stringify(alerts)}`,
          { cause: error },
        );
      });
    campaignId = /#\/campaigns\/([^/?]+)/.exec(page.url())?.[1] ?? "";
    expect(campaignId, page.url()).toMatch(/^cmp_/);
  });

  it("imports a CSV of three leads and reports the bad URL by its row", async () => {
    const pages = inject("pagesUrl");
    const csv = [
      "First Name,Company,Website",
      `Ada,Ada's Bakery,${pages}/index.html?lead=ada`,
      "Bob,Broken Ltd,not a website",
      `Grace,Grace Cakes,${pages}/pricing.html?lead=grace`,
    ].join("\n");
    await page
      .getByLabel("CSV file")
      .setInputFiles({ name: "leads.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByText("3 rows found · 2 ready to import · 1 with problems").waitFor();
    const problems = await page.getByRole("list", { name: "Problems by row" }).textContent();
    expect(problems).toMatch(/Row 3 \(website\): "not a website" is not a website address/);
    await page.getByRole("button", { name: "Import 2 leads" }).click();
    await page.getByText("Added 2 leads.").waitFor();
    await leadRow("Grace").waitFor();
    expect(await page.locator("table[aria-label=Leads] tbody tr").count()).toBe(2);
    await checkScreen(page, "03-campaign-leads", { shows: ["Ada", "Grace", "0 of 2 videos ready"] });
  });

  it("renders a lead and shows its progress until it is done", async () => {
    await page.getByRole("button", { name: "Render the video of Ada" }).click();
    const seen = new Set<string>();
    await waitFor(
      "Ada's render to be done in the table",
      async () => {
        seen.add(String(await leadState("Ada")));
        return seen.has("done");
      },
      150_000,
      250,
    );
    // The table moved through the node's stages before it showed done.
    expect(
      [...seen].some((s) => ["queued", "claimed", "capturing", "composing", "uploading"].includes(s)),
      [...seen].join(","),
    ).toBe(true);
    await page.getByText("1 of 2 videos ready").waitFor();
    await leadRow("Ada").getByRole("link", { name: "MP4 of Ada" }).waitFor();
    await leadRow("Ada").getByRole("button", { name: "Watch" }).click();
    await page.locator("video.player-video").waitFor();
    await checkScreen(page, "04-campaign-rendered", { shows: ["Video for Ada", "done"] });
  });

  it("cancels a second render midway", async () => {
    await page.getByRole("button", { name: "Render the video of Grace" }).click();
    await waitFor(
      "Grace's render to be held by the node",
      async () => ["claimed", "capturing", "composing"].includes(String(await leadState("Grace"))),
      60_000,
      100,
    );
    await page.getByRole("button", { name: "Cancel the render of Grace" }).click();
    await waitFor(
      "Grace's render to show cancelled",
      async () => (await leadState("Grace")) === "cancelled",
      20_000,
      200,
    );
    expect(await leadState("Ada")).toBe("done");
    await checkScreen(page, "05-campaign-cancelled", { shows: ["cancelled", "1 cancelled"] });
  });

  it("offers to render the ticked leads again, a finished one included", async () => {
    await leadRow("Ada").getByRole("checkbox").check();
    await leadRow("Grace").getByRole("checkbox").check();
    // Ada's video is done and Grace's render was cancelled: both may render again.
    const again = page.getByRole("button", { name: "Render selected (2)" });
    await again.waitFor();
    expect(await again.isEnabled()).toBe(true);
    await leadRow("Ada").getByRole("checkbox").uncheck();
    await leadRow("Grace").getByRole("checkbox").uncheck();
  });

  it("opens a lead's landing page from its link", async () => {
    // The dashboard opens pages as the team (through the preview redirect), which ends on the page's
    // own address.
    const href = await leadRow("Ada").getByRole("link", { name: "Page" }).getAttribute("href");
    expect(href, "preview link").toMatch(/^\/api\/leads\/ld_\w+\/preview$/);
    const landing = await context.newPage();
    const res = await landing.goto(String(href));
    expect(res?.status()).toBe(200);
    expect(landing.url(), "landing address").toMatch(/^http:\/\/[a-z0-9-]+\.localhost:\d+\/[\w-]+$/);
    await landing.locator("video").first().waitFor();
    const poster = await landing.locator("video").first().getAttribute("poster");
    expect(poster, "poster of the landing video").toBeTruthy();
    await checkScreen(landing, "06-landing-page", { shows: [/Ada/] });
    await landing.close();
  });

  it("exports the leads as CSV with landing and media URLs", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export CSV" }).click(),
    ]);
    // The browser may be a remote one (the suite's shared Chromium): the file is saved on this side.
    const saved = path.join(inject("scratchDir"), `export-${Date.now()}.csv`);
    await download.saveAs(saved);
    const text = await readFile(saved, "utf8");
    const rows = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(rows.map((r) => r.first_name).sort()).toEqual(["Ada", "Grace"]);
    const ada = rows.find((r) => r.first_name === "Ada");
    expect(ada?.landingUrl, text).toMatch(/^http/);
    expect(ada?.videoUrl, text).toMatch(/^http/);
    expect(ada?.thumbnailUrl, text).toMatch(/^http/);
  });

  it("creates an API key, uses it against the API, and revokes it", async () => {
    await page.goto("/app#/settings/keys");
    await page.getByText("No API keys yet.").waitFor();
    await page.getByLabel("Key name").fill("e2e script");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = ((await page.getByTestId("new-api-key").textContent()) ?? "").trim();
    expect(key).toMatch(/^ll_live_/);
    await page.locator("table tbody tr", { hasText: "e2e script" }).waitFor();
    await checkScreen(page, "07-settings-keys", {
      shows: ["e2e script", "shown only once"],
      hides: ["No API keys yet."],
    });

    const withKey = (path: string) =>
      fetch(`${edgeUrl()}${path}`, { headers: { authorization: `Bearer ${key}` } });
    const listed = await withKey("/api/campaigns");
    expect(listed.status).toBe(200);
    const body = (await listed.json()) as { campaigns: { id: string; name: string }[] };
    expect(body.campaigns.map((c) => c.id)).toEqual([campaignId]);

    await page.getByRole("button", { name: "Done" }).click();
    await page.reload();
    await page
      .locator("table tbody tr", { hasText: "e2e script" })
      .getByText(/ago|just now/)
      .waitFor();
    await page.getByRole("button", { name: "Revoke e2e script" }).click();
    await page.getByRole("button", { name: "Revoke key" }).click();
    await page.getByText("No API keys yet.").waitFor();
    expect((await withKey("/api/campaigns")).status).toBe(401);
  });

  it("shows the campaign list with figures, search and filter", async () => {
    await page.goto("/app#/campaigns");
    const row = page.locator("tr.campaign-row", { hasText: campaignName });
    await row.waitFor();
    const figures = (await row.locator("td.num").allInnerTexts()).map((t) => t.trim());
    expect(figures.slice(0, 4)).toEqual(["2", "1", "0", "0"]);
    // Ada's finished video counts toward the period's minutes.
    expect(figures[4]).toMatch(/^[1-9]\d* s$/);
    await page.getByLabel("Search campaigns").fill("no such campaign");
    await page.getByText("No campaign matches.").waitFor();
    await page.getByLabel("Search campaigns").fill("bakeries");
    await row.waitFor();
    await page.getByLabel("Status").selectOption("archived");
    await page.getByText("No campaign matches.").waitFor();
    await page.getByLabel("Status").selectOption("");
    await checkScreen(page, "08-campaigns", { shows: [campaignName, "1 campaign"], hides: ["No campaign"] });
  });

  it("pages through 101 campaigns, then archives and deletes 100 of them at once, after asking", async () => {
    const own = (await (await page.request.get(`/api/campaigns/${campaignId}`)).json()) as {
      spec: { facecam: string };
    };
    // Ten at a time: the hundred round trips need not wait for one another.
    for (let batch = 0; batch < 100; batch += 10) {
      await Promise.all(
        Array.from({ length: 10 }, async (_, j) => {
          const res = await page.request.post("/api/campaigns", {
            data: {
              name: `Bulk ${batch + j}`,
              spec: { facecam: own.spec.facecam, scenes: [{ url: "{{website}}" }] },
            },
          });
          expect(res.status(), await res.text()).toBe(201);
        }),
      );
    }
    await page.goto("/app#/campaigns");
    await page.reload();
    await page.getByText("101 campaigns, first 100 shown").waitFor();
    await page.getByRole("button", { name: "Show more campaigns" }).click();
    await page.locator("tr.campaign-row", { hasText: campaignName }).waitFor();
    expect(await page.locator("tr.campaign-row").count()).toBe(101);

    await page.getByLabel("Search campaigns").fill("Bulk");
    await page.getByText("100 campaigns", { exact: true }).waitFor();
    await page.getByLabel("Select all").check();
    await page.getByText("100 campaigns selected").waitFor();
    await page.getByRole("button", { name: "Archive", exact: true }).click();
    await checkScreen(page, "08b-campaigns-bulk-confirm", {
      shows: ["Archive 100 campaigns? Landing pages stay up."],
    });
    await page.getByRole("button", { name: "Archive 100 campaigns" }).click();
    await page.getByLabel("Search campaigns").fill("");
    await page.getByLabel("Status").selectOption("active");
    await page.locator("tr.campaign-row", { hasText: campaignName }).waitFor();
    await waitFor(
      "only the active campaign listed",
      async () => (await page.locator("tr.campaign-row").count()) === 1,
      10_000,
    );
    await page.getByLabel("Status").selectOption("archived");
    await page.getByText("100 campaigns", { exact: true }).waitFor();
    await page.getByLabel("Select all").check();
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("button", { name: "Delete 100 campaigns" }).click();
    await page.getByText("No campaign matches.").waitFor();
    await page.getByLabel("Status").selectOption("");
    await page.getByText("1 campaign", { exact: true }).waitFor();
  });

  it("shows every settings screen with the account's data", async () => {
    const screens: [string, (string | RegExp)[]][] = [
      ["profile", ["Erin Example"]],
      ["password", ["Current password"]],
      ["workspace", ["Landing page subdomain", "Branding"]],
      ["team", ["Invite a teammate", email, "No open invitations."]],
      ["danger", ["Type", "Delete account and all data"]],
    ];
    for (const [tab, shows] of screens) {
      await page.goto(`/app#/settings/${tab}`);
      await page.getByRole("heading", { name: "Settings" }).waitFor();
      await checkScreen(page, `09-settings-${tab}`, { shows });
    }
    await page.goto("/app#/settings/profile");
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe("Erin Example");
    expect(await page.getByLabel("Email", { exact: true }).inputValue()).toBe(email);
  });

  it("lets an operator see the node and change the global cap live", async () => {
    await page.goto("/app#/admin");
    const nodeRow = page.locator("section[aria-label='Render nodes'] tbody tr", { hasText: "e2e" });
    await nodeRow.getByText("healthy").waitFor();
    await checkScreen(page, "10-admin", {
      shows: ["Global concurrency cap", "healthy"],
      hides: ["No render nodes"],
    });
    await page.getByLabel("Renders at once, across every node").fill("3");
    await page.getByRole("button", { name: "Save cap" }).click();
    await page.getByText("Cap is now 3.").waitFor();
    const res = await fetch(`${edgeUrl()}/api/admin/settings`, {
      headers: { authorization: `Bearer ${adminToken()}` },
    });
    expect(await res.json()).toEqual({ globalRenderCap: 3 });
  });

  it("lets an operator give a node a new token, shown once, and revoke it", async () => {
    const api = createApiClient(edgeUrl());
    const standby = await api.createNode({ name: "standby-vm", capacity: 1 }, adminToken());
    /** 404 for an unknown render: the edge accepted the token; 401: it refused it. */
    const tokenStatus = async (token: string) =>
      (
        await fetch(`${edgeUrl()}/nodes/v1/renders/rnd_unknown/heartbeat`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ fence: 1, stage: "capturing", progress: 0 }),
        })
      ).status;
    expect(await tokenStatus(standby.token)).toBe(404);

    await page.goto("/app#/admin");
    const row = page.locator("section[aria-label='Render nodes'] tbody tr", { hasText: "standby-vm" });
    await row.getByRole("button", { name: "New token for standby-vm" }).click();
    await row.getByRole("button", { name: "Issue new token" }).click();
    const shown = page.getByTestId("new-node-token");
    await shown.waitFor();
    const token = (await shown.textContent())?.trim() ?? "";
    expect(token).toMatch(/^ll_node_[0-9A-Za-z]{40}$/);
    await checkScreen(page, "10-admin-new-node-token", { shows: ["Copy it now: it is shown only once"] });
    expect(await tokenStatus(standby.token), "the old token").toBe(401);
    expect(await tokenStatus(token), "the new token").toBe(404);
    await page.getByRole("status", { name: "New node token" }).getByRole("button", { name: "Done" }).click();
    expect(await shown.count(), "shown once").toBe(0);

    await row.getByRole("button", { name: "Revoke standby-vm" }).click();
    await row.getByRole("button", { name: "Revoke node" }).click();
    await row.getByText("revoked", { exact: true }).waitFor();
    expect(await tokenStatus(token)).toBe(401);
    // The node that renders for the other tests is untouched.
    await page
      .locator("section[aria-label='Render nodes'] tbody tr", { hasText: "e2e" })
      .getByText("healthy")
      .waitFor();
  });

  it("refuses a second seat on the Trial, saying how to get more, until the workspace upgrades to Team", async () => {
    const invitee = "teammate@loom-lite.test";
    await page.goto("/app#/settings/team");
    await page.getByLabel("Email", { exact: true }).fill(invitee);
    await page.getByRole("button", { name: "Send invite" }).click();
    await page.getByText(/The Trial plan includes 1 seat.*upgrade in Settings → Billing/).waitFor();

    // Upgrade through the local Stripe checkout, as a customer does.
    await page.goto("/app#/settings/billing");
    await page.getByRole("button", { name: "Upgrade to Team" }).click();
    await page.waitForURL(/\/checkout\/cs_test_/);
    await page.getByLabel("Card number").fill("4242424242424242");
    await page.getByRole("button", { name: "Subscribe" }).click();
    await page.waitForURL(/\/app\/?#\/settings\/billing/);
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByTestId("current-plan").textContent();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe("Team");
  });

  it("invites a teammate who joins from the emailed link", async () => {
    const invitee = "teammate@loom-lite.test";
    await page.goto("/app#/settings/team");
    await page.getByLabel("Email", { exact: true }).fill(invitee);
    await page.getByRole("button", { name: "Send invite" }).click();
    await page.getByText(`Invitation sent to ${invitee}`).waitFor();
    await page.locator("section[aria-label='Open invitations'] li", { hasText: invitee }).waitFor();
    const link = await mailboxLink(invitee, "invitation");

    const other = await browser.newContext({ baseURL: edgeUrl() });
    const tab = await other.newPage();
    tab.on("pageerror", (err) => pageErrors.push(err.message));
    await tab.goto(link);
    await tab.getByRole("heading", { name: /^Join / }).waitFor();
    await checkScreen(tab, "11-invite", { shows: [invitee, "Sign up as"] });
    await tab.getByRole("link", { name: `Sign up as ${invitee}` }).click();
    await tab.getByLabel("Your name").fill("Tia Teammate");
    await tab.getByLabel("Email").fill(invitee);
    await tab.getByLabel("Password").fill("teammate-password");
    await tab.getByRole("button", { name: "Sign up" }).click();
    // Joining needs a verified address; the emailed link brings the invitee back to the invitation.
    await tab.getByRole("status", { name: "Verify your email" }).waitFor();
    expect(await tab.getByRole("button", { name: /^Join / }).count()).toBe(0);
    await tab.goto(await mailboxLink(invitee, "email_verification"));
    await tab.getByRole("button", { name: /^Join / }).click();
    await tab.getByRole("link", { name: campaignName }).waitFor();
    await other.close();
  });

  it("changes a teammate's role and removes them, after asking", async () => {
    const invitee = "teammate@loom-lite.test";
    const members = async () =>
      (
        (await (await page.request.get("/api/workspace/members")).json()) as {
          members: { email: string; role: string }[];
        }
      ).members;
    await page.goto("/app#/settings/team");
    const role = page.getByLabel("Role of Tia Teammate");
    await role.waitFor();
    expect(await role.inputValue()).toBe("member");
    // The last owner (this account) is neither demoted nor removed from here.
    expect(await page.getByLabel("Role of Erin Example").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Remove Erin Example" }).count()).toBe(0);

    await role.selectOption("admin");
    await expect.poll(async () => (await members()).find((m) => m.email === invitee)?.role).toBe("admin");
    await page.reload();
    expect(await page.getByLabel("Role of Tia Teammate").inputValue()).toBe("admin");
    await checkScreen(page, "11b-team-members", { shows: ["Tia Teammate", invitee, "Remove"] });

    await page.getByRole("button", { name: "Remove Tia Teammate" }).click();
    await page.getByText("Remove Tia Teammate from the workspace?").waitFor();
    await page.getByRole("button", { name: "Remove member" }).click();
    await page
      .locator("section[aria-label='Members'] li", { hasText: invitee })
      .waitFor({ state: "detached" });
    expect((await members()).map((m) => m.email)).toEqual([email]);
  });

  it("resets a forgotten password from the emailed link", async () => {
    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await page.getByText(/a link to choose a new password is on its way/).waitFor();
    await page.getByRole("link", { name: /open the dev mailbox/ }).waitFor();
    await page.goto(await mailboxLink(email, "password_reset"));
    await page.getByLabel("New password").fill("a-brand-new-password");
    await checkScreen(page, "12-reset-password", { shows: ["Choose a new password"] });
    await page.getByRole("button", { name: "Set new password" }).click();
    await page.getByText("Your password is changed.").waitFor();
    await page.getByRole("link", { name: "Log in" }).click();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("a-brand-new-password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("link", { name: campaignName }).waitFor();
  });

  it("adds a lead by hand, edits it and deletes it", async () => {
    await page.getByRole("link", { name: campaignName }).click();
    await page.getByRole("button", { name: "Add one lead" }).click();
    const form = page.getByRole("form", { name: "Add a lead" });
    await form.getByLabel("first_name", { exact: true }).fill("Hal");
    await form.getByLabel("website", { exact: true }).fill("hal-bakery.example");
    await form.getByRole("button", { name: "Add lead" }).click();
    await leadRow("Hal").waitFor();
    expect(await leadRow("Hal").textContent()).toContain("https://hal-bakery.example");

    await page.getByRole("button", { name: "Edit Hal" }).click();
    const edit = page.getByRole("form", { name: "Edit Hal" });
    await edit.getByLabel("first_name", { exact: true }).fill("Hallie");
    await edit.getByRole("button", { name: "Save lead" }).click();
    await leadRow("Hallie").waitFor();
    await checkScreen(page, "13-lead-edited", { shows: ["Hallie", "Ada", "Grace"] });

    await page.getByRole("button", { name: "Edit Hallie" }).click();
    await page.getByRole("button", { name: "Delete lead" }).click();
    await page.getByRole("button", { name: "Delete lead" }).click();
    await leadRow("Hallie").waitFor({ state: "detached" });
    expect(await page.locator("table[aria-label=Leads] tbody tr").count()).toBe(2);
  });

  it("refuses a facecam that is not a video, saying why, before uploading it", async () => {
    await page.goto("/app#/campaigns/new");
    await page.getByLabel("Facecam video").setInputFiles({
      name: "broken.mp4",
      mimeType: "video/mp4",
      buffer: Buffer.from("not a video at all"),
    });
    await page.getByText(/This facecam cannot be used: This file cannot be played/).waitFor();
    expect(await page.getByText(/Uploading|Uploaded/).count()).toBe(0);
  });

  it("threw no uncaught error in the page", () => {
    expect(pageErrors).toEqual([]);
  });

  it("called only endpoints documented in /api/openapi.json", async () => {
    const doc = (await (await fetch(`${edgeUrl()}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([template, methods]) =>
      Object.keys(methods).map((method) => ({
        method: method.toUpperCase(),
        path: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`),
      })),
    );
    const undocumented = [...apiCalls].filter((call) => {
      const [method, path] = call.split(" ") as [string, string];
      // The emailed reset link is better-auth's redirect, opened by the browser, not a dashboard call.
      if (path.startsWith("/api/auth/reset-password/")) return false;
      return !documented.some((d) => d.method === method && d.path.test(path));
    });
    expect(apiCalls.size).toBeGreaterThan(15);
    expect(undocumented).toEqual([]);
  });
});
