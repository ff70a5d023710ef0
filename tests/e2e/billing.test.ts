import { PLANS } from "@loom-lite/schema";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { edgeUrl } from "../harness/world";
import { checkScreen, launchBrowser } from "./lib/browser";

/**
 * A new workspace subscribes in a real browser: Settings → Billing, a plan, the local fake Stripe's
 * checkout page paid with the test card, back on the dashboard with the plan in force once the fake's
 * signed events reached the Worker's webhook.
 */
describe("subscribing from the dashboard", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext({ baseURL: edgeUrl(), viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it("subscribes to Growth through the checkout page and sees the plan and its usage", async () => {
    const email = `billing-${Date.now().toString(36)}@example.test`;
    await page.goto("/app#/signup");
    await page.getByLabel("Your name").fill("Bea Buyer");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("e2e-password-long");
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.getByText("No campaigns yet.").waitFor();

    await page.goto("/app#/settings/billing");
    await expect.poll(() => page.getByTestId("current-plan").textContent()).toBe("Trial");
    await page.getByLabel("Yearly").check();
    await page.locator("[data-plan=growth]").getByText("$990").waitFor();
    await page.getByLabel("Monthly").check();
    await page.getByRole("button", { name: "Upgrade to Growth" }).click();

    // Stripe Checkout (the fake's page on its own origin).
    await page.waitForURL(/\/checkout\/cs_test_/);
    await page.getByText("Total due today").waitFor();
    await page.getByLabel("Card number").fill("4242424242424242");
    await page.getByRole("button", { name: "Subscribe" }).click();

    await page.waitForURL(/\/app\/?#\/settings\/billing\?checkout=success/).catch(async (error: unknown) => {
      throw new Error(
        `not back on the billing screen: ${page.url()} ${(await page.content()).slice(0, 1500)}`,
        {
          cause: error,
        },
      );
    });
    // The webhook may land a moment after the redirect: the screen shows the plan once it has.
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByTestId("current-plan").waitFor();
          return page.getByTestId("current-plan").textContent();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe("Growth")
      .catch(async (error: unknown) => {
        const deliveries = await (await fetch(`${inject("fakeStripeUrl")}/_fake/stripe/deliveries`)).json();
        throw new Error(`the plan did not change; webhook deliveries: ${JSON.stringify(deliveries)}`, {
          cause: error,
        });
      });
    // The period's usage against Growth's minutes (from the one plan definition), nothing used yet.
    await page
      .getByRole("img", {
        name: `Render minutes used this period: 0 min of ${PLANS.growth.includedMinutes} min (0 %)`,
      })
      .waitFor();
    await page.getByRole("heading", { name: "Invoices" }).waitFor();
    await page.locator("table tbody tr").first().waitFor();
    await checkScreen(page, "billing-subscribed", { shows: ["Growth", "Invoices", "paid"] });
    expect(pageErrors).toEqual([]);
  });
});
