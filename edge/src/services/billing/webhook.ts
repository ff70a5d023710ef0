import type Stripe from "stripe";
import { billingScreenUrl } from "./checkout";
import { workspaceOfCustomer } from "./customers";
import { claimEvent, markEventFailed, markEventProcessed } from "./event-log";
import { sendPaymentFailedEmail } from "./payment-failed-email";
import { type BillingDeps, syncSubscription } from "./subscription-sync";

export type WebhookOutcome = "applied" | "duplicate" | "busy" | "ignored";

const idOf = (ref: string | { id: string } | null | undefined) =>
  ref == null ? null : typeof ref === "string" ? ref : ref.id;

/** The subscription an invoice bills (its parent since API version 2025-03-31). */
function subscriptionOfInvoice(invoice: Stripe.Invoice): string | null {
  return idOf(invoice.parent?.subscription_details?.subscription);
}

/** What each event type does; every one re-reads the subscription rather than trusting the payload. */
const HANDLERS: Partial<
  Record<Stripe.Event.Type, (deps: BillingDeps, event: Stripe.Event, origin: string) => Promise<void>>
> = {
  "checkout.session.completed": async (deps, event) => {
    const session = event.data.object as Stripe.Checkout.Session;
    const sub = idOf(session.subscription);
    if (sub) await syncSubscription(deps, sub);
  },
  "customer.subscription.created": (deps, event) => syncOf(deps, event),
  "customer.subscription.updated": (deps, event) => syncOf(deps, event),
  "customer.subscription.deleted": (deps, event) => syncOf(deps, event),
  "customer.subscription.paused": (deps, event) => syncOf(deps, event),
  "customer.subscription.resumed": (deps, event) => syncOf(deps, event),
  "invoice.paid": async (deps, event) => {
    const sub = subscriptionOfInvoice(event.data.object as Stripe.Invoice);
    if (sub) await syncSubscription(deps, sub);
  },
  "invoice.payment_failed": async (deps, event, origin) => {
    const invoice = event.data.object as Stripe.Invoice;
    const sub = subscriptionOfInvoice(invoice);
    if (sub) await syncSubscription(deps, sub);
    const workspaceId = await workspaceOfCustomer(deps.db, idOf(invoice.customer) ?? "");
    if (!workspaceId) return;
    await sendPaymentFailedEmail(deps.db, deps.log, {
      workspaceId,
      amountDue: invoice.amount_due,
      currency: invoice.currency,
      billingUrl: billingScreenUrl(origin),
    });
  },
};

function syncOf(deps: BillingDeps, event: Stripe.Event): Promise<void> {
  return syncSubscription(deps, (event.data.object as Stripe.Subscription).id);
}

/**
 * Applies a verified Stripe event once: recorded in stripe_events by its id before anything is done,
 * so a redelivery of a processed event does nothing and one being processed now is `busy` (Stripe
 * retries later). A handler's failure marks the event failed and rethrows: Stripe's redelivery tries
 * again. Event types without a handler are recorded and answered as `ignored`.
 */
export async function handleStripeEvent(
  deps: BillingDeps,
  event: Stripe.Event,
  origin: string,
): Promise<WebhookOutcome> {
  const claim = await claimEvent(deps.db, event);
  if (claim === "done") return "duplicate";
  if (claim === "busy") return "busy";
  const handler = HANDLERS[event.type];
  try {
    if (handler) await handler(deps, event, origin);
  } catch (error) {
    await markEventFailed(deps.db, event.id, error instanceof Error ? error.message : String(error));
    throw error;
  }
  await markEventProcessed(deps.db, event.id);
  return handler ? "applied" : "ignored";
}
