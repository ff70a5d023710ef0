import { contactRequests, outboxEmails } from "@loom-lite/schema/db";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { APP_ORIGIN, anonymous, uniqueEmail } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { expectError } from "./helpers/fixtures";
import { adminCall } from "./helpers/render-world";
import { freshAddress, limitedWorker } from "./helpers/worker-with";

const SALES_INBOX = "sales@loom-lite.local";

function validForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: "Ana Ortiz",
    email: uniqueEmail("prospect"),
    company: "Crumb & Co.",
    teamSize: "2-10",
    topic: "demo",
    message: "We send 300 first touches a week.\nCan we see it on our prospects?",
    nickname: "",
    ...overrides,
  };
}

/** The form as a browser without JavaScript sends it: urlencoded, asking for a page. */
const postAsBrowser = (form: Record<string, string>, headers: Record<string, string> = {}) =>
  anonymous("/api/contact", {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "text/html,application/xhtml+xml",
      origin: APP_ORIGIN,
      "cf-connecting-ip": freshAddress(),
      ...headers,
    },
    body: new URLSearchParams(form).toString(),
  });

/** The same form as the page's script sends it: urlencoded, asking for JSON. */
const postAsScript = (form: Record<string, string>) =>
  anonymous("/api/contact", {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
      origin: APP_ORIGIN,
      "cf-connecting-ip": freshAddress(),
    },
    body: new URLSearchParams(form).toString(),
  });

const stored = (email: string) =>
  withDb((db) => db.select().from(contactRequests).where(eq(contactRequests.email, email)));
const salesEmailsAbout = (email: string) =>
  withDb((db) =>
    db
      .select()
      .from(outboxEmails)
      .where(sql`${outboxEmails.kind} = 'sales_inquiry' and ${outboxEmails.text} like ${`%${email}%`}`),
  );
const countRequests = () =>
  withDb(async (db) => (await db.select({ n: sql<number>`count(*)::int` }).from(contactRequests))[0]?.n ?? 0);

describe("contact form: a prospect's request", () => {
  it("without JavaScript: stores it, writes one e-mail to the sales inbox and sends the browser to the confirmation page", async () => {
    const form = validForm();
    const res = await postAsBrowser(form);
    expect(res.status, await res.clone().text()).toBe(303);
    expect(res.headers.get("location")).toBe("/contact/thanks/");

    const [row] = await stored(form.email as string);
    expect(row).toMatchObject({ name: "Ana Ortiz", company: "Crumb & Co.", teamSize: "2-10", topic: "demo" });
    expect(row?.message).toBe(form.message);
    const emails = await salesEmailsAbout(form.email as string);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      to: SALES_INBOX,
      subject: "Demo request: Ana Ortiz (Crumb & Co., 2-10)",
    });
    expect(row?.emailId).toBe(emails[0]?.id);
  });

  it("with JavaScript: answers 201 JSON and stores it the same way", async () => {
    const form = validForm({ topic: "pricing" });
    const res = await postAsScript(form);
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await res.json()).toEqual({ received: true });
    expect(await stored(form.email as string)).toHaveLength(1);
    expect((await salesEmailsAbout(form.email as string))[0]?.subject).toMatch(/^Pricing question: /);
  });

  it("re-renders the form with each error beside its field and the visitor's values kept, storing nothing", async () => {
    const before = await countRequests();
    const res = await postAsBrowser(
      validForm({ email: "not-an-address", name: "", message: "<b>keep me</b>" }),
    );
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(res.headers.get("content-security-policy")).toMatch(/nonce-/);
    const html = await res.text();
    expect(html).toMatch(/data-error-for="email"[^>]*>Work e-mail must be an e-mail address/);
    expect(html).toMatch(/data-error-for="name"[^>]*>Your name is required/);
    expect(html).toMatch(/data-form-error[^>]*>Please correct the 2 fields marked below/);
    expect(html).toContain('value="not-an-address"');
    expect(html, "the message comes back escaped").toContain("&lt;b&gt;keep me&lt;/b&gt;");
    expect(html).not.toContain("<b>keep me</b>");
    expect(html).toMatch(/<select[^>]*name="teamSize"[\s\S]*<option value="2-10"[^>]*selected/);
    expect(await countRequests()).toBe(before);
  });

  it("answers a script's bad request with the one error body plus a message per field", async () => {
    const res = await postAsScript(validForm({ teamSize: "a million" }));
    const error = (await expectError(res, 400, "BAD_REQUEST", /teamSize/)) as unknown as {
      fields: Record<string, string>;
    };
    expect(error.fields).toEqual({ teamSize: expect.stringMatching(/Team size must be one of/) });
  });
});

describe("contact form attacks", () => {
  it("refuses a line break in a field that reaches the e-mail's subject (header injection); nothing is stored or sent", async () => {
    const before = await countRequests();
    for (const field of ["name", "company"] as const) {
      for (const payload of ["Ana\r\nBcc: victims@example.test", "Ana\nSubject: free money", "Ana\u0000"]) {
        const email = uniqueEmail("injector");
        const res = await postAsScript(validForm({ [field]: payload, email }));
        await expectError(res, 400, "BAD_REQUEST", new RegExp(`${field}: .*one line of plain text`));
        expect(await salesEmailsAbout(email)).toHaveLength(0);
      }
    }
    const res = await postAsScript(validForm({ email: "ana@example.test\r\nBcc: victims@example.test" }));
    await expectError(res, 400, "BAD_REQUEST", /email/);
    expect(await countRequests()).toBe(before);
    const subjects = await withDb((db) =>
      db.select({ s: outboxEmails.subject }).from(outboxEmails).where(eq(outboxEmails.kind, "sales_inquiry")),
    );
    expect(subjects.filter(({ s }) => /[\r\n]/.test(s))).toEqual([]);
  });

  it("refuses oversized fields and an oversized body before storing anything", async () => {
    const before = await countRequests();
    await expectError(
      await postAsScript(validForm({ message: "x".repeat(4_001) })),
      400,
      "BAD_REQUEST",
      /message: Message must be at most 4000 characters/,
    );
    await expectError(
      await postAsScript(validForm({ name: "n".repeat(101) })),
      400,
      "BAD_REQUEST",
      /name: Your name must be at most 100 characters/,
    );
    const huge = await postAsScript(validForm({ message: "x".repeat(200_000) }));
    await expectError(huge, 413, "BAD_REQUEST", /body: at most 32 KB/);
    expect(await countRequests()).toBe(before);
  });

  it("drops a request whose honeypot is filled, answering like a success so the bot learns nothing", async () => {
    const form = validForm({ nickname: "Buy cheap watches" });
    const res = await postAsBrowser(form);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/contact/thanks/");
    expect(await stored(form.email as string)).toHaveLength(0);
    expect(await salesEmailsAbout(form.email as string)).toHaveLength(0);
  });

  it("limits each client address (contact_ip): the next one gets 429 and Retry-After, as a page for a browser; another address still gets through", async () => {
    const call = limitedWorker("contact_ip=2/1h");
    const spammer = freshAddress();
    const send = (form: Record<string, string>, ip: string, accept = "application/json") =>
      call("/api/contact", {
        method: "POST",
        ip,
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", accept, origin: APP_ORIGIN },
        body: new URLSearchParams(form).toString(),
      });
    expect((await send(validForm(), spammer)).status).toBe(201);
    expect((await send(validForm(), spammer)).status).toBe(201);
    const before = await countRequests();
    const refused = validForm();
    const json = await send(refused, spammer);
    await expectError(json, 429, "RATE_LIMITED", /contact form messages from this address/);
    const page = await send(validForm(), spammer, "text/html");
    expect(page.status).toBe(429);
    expect(Number(page.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await page.text()).toMatch(/data-form-error[^>]*>Too many contact form messages/);
    expect(await stored(refused.email as string)).toHaveLength(0);
    expect(await countRequests()).toBe(before);
    expect((await send(validForm(), freshAddress())).status).toBe(201);
  });

  it("refuses the form posted from another site's page", async () => {
    const form = validForm();
    const res = await postAsBrowser(form, { origin: "https://evil.example" });
    await expectError(res, 403, "FORBIDDEN");
    expect(await stored(form.email as string)).toHaveLength(0);
  });
});

describe("contact requests in the admin screen", () => {
  it("lists the requests, newest first, to an operator", async () => {
    const form = validForm({ name: "Listed Prospect" });
    expect((await postAsScript(form)).status).toBe(201);
    const res = await adminCall("/api/admin/contact-requests?limit=5");
    expect(res.status, await res.clone().text()).toBe(200);
    const { requests } = (await res.json()) as { requests: Array<{ email: string; name: string }> };
    expect(requests[0]).toMatchObject({ email: form.email, name: "Listed Prospect" });
  });
});
