/**
 * The hosted pages a person sees, plain server-rendered HTML with forms (no script):
 * - `GET /checkout/:id`: the plan, a card-number field; `POST` pays (4242… completes the session and
 *   redirects 303 to its success_url, 4000000000000341 is declined and completes nothing);
 * - `GET /portal/:id`: the customer's subscriptions with cancel at period end, resume, switch plan,
 *   update card, and the invoices; each action is the API's own state change, events included.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import qs from "qs";
import type Stripe from "stripe";
import { type Billing, ControlError } from "./billing";
import { StripeApiError } from "./errors";
import { readBody, redirect, sendHtml } from "./http";

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

const money = (cents: number, currency: string) =>
  `${(cents / 100).toLocaleString("en-US", { style: "currency", currency: currency.toUpperCase() })}`;

const priceLabel = (price: Stripe.Price) =>
  `${escapeHtml(price.nickname ?? price.id)}: ${money(price.unit_amount ?? 0, price.currency)} / ${price.recurring?.interval ?? "once"}`;

const date = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}
.error{color:#b00020}form.inline{display:inline}li{margin:.5rem 0}</style></head>
<body><p><small>Fake Stripe (test mode)</small></p><h1>${escapeHtml(title)}</h1>${body}</body></html>`;

function checkoutPage(billing: Billing, id: string, error?: string) {
  const { session, lines, trialDays } = billing.checkout(id);
  if (session.status !== "open") {
    return page("Checkout complete", "<p>This Checkout Session is no longer active.</p>");
  }
  const items = lines.map((line) => `<li>${priceLabel(line.price)} × ${line.quantity}</li>`).join("");
  const cancel = session.cancel_url
    ? `<p><a href="${escapeHtml(session.cancel_url)}">Cancel and go back</a></p>`
    : "";
  return page(
    "Subscribe",
    `<ul>${items}</ul>
${trialDays ? `<p>Free for ${trialDays} days, then billed as above.</p>` : ""}
<p>Total due today: <strong>${money(session.amount_total ?? 0, session.currency ?? "usd")}</strong></p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/checkout/${escapeHtml(session.id)}">
<label>Card number <input name="card_number" inputmode="numeric" autocomplete="cc-number" required></label>
<button type="submit">Subscribe</button>
</form>${cancel}`,
  );
}

function portalPage(billing: Billing, portalId: string, notice?: string) {
  const portal = billing.portal(portalId);
  const cus = billing.customer(portal.customer);
  const card = billing.card(cus.id);
  const action = (sub: string, what: string) =>
    `/portal/${escapeHtml(portal.id)}/subscriptions/${escapeHtml(sub)}/${what}`;
  const subs = billing
    .subscriptionsOf(cus.id)
    .filter((sub) => sub.status !== "canceled")
    .map((sub) => {
      const item = sub.items.data[0];
      if (!item) return "";
      const others = billing
        .prices()
        .filter((price) => price.id !== item.price.id)
        .map((price) => `<option value="${escapeHtml(price.id)}">${priceLabel(price)}</option>`)
        .join("");
      const ending = sub.cancel_at_period_end
        ? `<p>Cancels on ${date(item.current_period_end)}.</p>
<form class="inline" method="post" action="${action(sub.id, "resume")}"><button>Resume subscription</button></form>`
        : `<p>Renews on ${date(item.current_period_end)}.</p>
<form class="inline" method="post" action="${action(sub.id, "cancel")}"><button>Cancel subscription</button></form>`;
      return `<section data-subscription="${escapeHtml(sub.id)}"><h2>${priceLabel(item.price)}</h2>
<p>Status: <strong>${escapeHtml(sub.status)}</strong></p>${ending}
<form method="post" action="${action(sub.id, "switch")}"><label>Switch plan <select name="price">${others}</select></label>
<button>Switch plan</button></form></section>`;
    })
    .join("");
  const invoices = billing
    .listInvoices({ customer: cus.id })
    .reverse()
    .map(
      (invoice) =>
        `<li>${escapeHtml(invoice.number ?? invoice.id)}: ${money(invoice.total, invoice.currency)}, ${escapeHtml(invoice.status ?? "")}, ${date(invoice.created)}</li>`,
    )
    .join("");
  const back = portal.return_url ? `<p><a href="${escapeHtml(portal.return_url)}">Return</a></p>` : "";
  return page(
    "Manage billing",
    `${notice ? `<p role="status">${escapeHtml(notice)}</p>` : ""}
${subs || "<p>No active subscription.</p>"}
<h2>Payment method</h2><p>${card ? `Card ending in ${escapeHtml(card.last4)}` : "No card on file."}</p>
<form method="post" action="/portal/${escapeHtml(portal.id)}/card">
<label>Card number <input name="card_number" inputmode="numeric" required></label><button>Update card</button></form>
<h2>Invoices</h2><ul>${invoices}</ul>${back}`,
  );
}

/** Answers the hosted pages; returns false when the path is not one of them. */
export function createHostedPages(billing: Billing) {
  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const checkout = /^\/checkout\/([\w]+)$/.exec(url.pathname);
    const portal = /^\/portal\/([\w]+)(?:\/(card)|\/subscriptions\/([\w]+)\/(cancel|resume|switch))?$/.exec(
      url.pathname,
    );
    if (!checkout && !portal) return false;
    const form = req.method === "POST" ? (qs.parse(await readBody(req)) as Record<string, unknown>) : {};
    const html = (status: number, body: string) => {
      sendHtml(res, status, body);
      return true;
    };
    const field = (name: string) => (typeof form[name] === "string" ? (form[name] as string) : "");
    try {
      if (checkout?.[1]) {
        const id = checkout[1];
        if (req.method === "GET") return html(200, checkoutPage(billing, id));
        const outcome = billing.completeCheckout(id, field("card_number"));
        if (!outcome.ok) return html(402, checkoutPage(billing, id, outcome.message));
        const { session } = billing.checkout(id);
        redirect(res, (session.success_url ?? "/").replaceAll("{CHECKOUT_SESSION_ID}", session.id));
        return true;
      }
      if (portal?.[1]) {
        const [, portalId, card, subId, action] = portal;
        const session = billing.portal(portalId);
        if (req.method === "GET" && !card && !subId) return html(200, portalPage(billing, portalId));
        if (req.method !== "POST") return html(405, page("Not allowed", ""));
        if (card) {
          const outcome = billing.updateCard(session.customer, field("card_number"));
          const notice = outcome.ok ? "Your card was updated." : outcome.message;
          return html(outcome.ok ? 200 : 402, portalPage(billing, portalId, notice));
        }
        const sub = subId ? billing.subscription(subId) : undefined;
        // A portal session manages its own customer's subscriptions only.
        if (!sub || sub.customer !== session.customer) throw new ControlError("no such subscription");
        const item = sub.items.data[0];
        if (action === "cancel") billing.updateSubscription(sub.id, { cancelAtPeriodEnd: true }, null);
        if (action === "resume") billing.updateSubscription(sub.id, { cancelAtPeriodEnd: false }, null);
        if (action === "switch" && item) {
          billing.updateSubscription(sub.id, { item: { id: item.id, price: field("price") } }, null);
        }
        redirect(res, `/portal/${portalId}`);
        return true;
      }
    } catch (err) {
      if (err instanceof ControlError || err instanceof StripeApiError) {
        return html(404, page("Not found", `<p>${escapeHtml(err.message)}</p>`));
      }
      throw err;
    }
    return false;
  };
}
