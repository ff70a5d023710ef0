/**
 * The fake's Stripe account: customers, subscriptions and invoices in memory, and the
 * state changes Stripe Billing makes (checkout completion, plan changes with proration, renewals,
 * failed payments, cancellation), each announcing itself through the webhook sender.
 */
import type Stripe from "stripe";
import { invalidParam, resourceMissing, StripeApiError } from "./errors";
import { nowSeconds, stripeId } from "./ids";
import {
  buildCustomer,
  buildInvoice,
  buildProrationItem,
  buildSubscription,
  buildSubscriptionItem,
  type InvoiceLineInput,
} from "./objects";
import { periodEnd, toStripePlan } from "./prices";
import { buildCheckoutSession, buildPortalSession, type CheckoutLine } from "./sessions";
import type { WebhookSender } from "./webhooks";

/** Stripe's test cards (https://docs.stripe.com/testing): one that pays, one that attaches but declines. */
export const TEST_CARD_SUCCESS = "4242424242424242";
export const TEST_CARD_DECLINE_AFTER_ATTACH = "4000000000000341";

interface Card {
  paymentMethod: string;
  last4: string;
  declines: boolean;
}

interface CheckoutRecord {
  session: Stripe.Checkout.Session;
  lines: CheckoutLine[];
  subscriptionMetadata: Record<string, string>;
  trialDays: number | null;
}

export type CardOutcome = { ok: true } | { ok: false; message: string };

/** Something a test control asked for that the subscription's state does not allow. */
export class ControlError extends Error {}

export function createBilling(input: { baseUrl: string; prices: Stripe.Price[]; webhooks: WebhookSender }) {
  const { baseUrl, webhooks } = input;
  const prices = new Map(input.prices.map((price) => [price.id, price]));
  const customers = new Map<string, Stripe.Customer>();
  const cards = new Map<string, Card>();
  const checkouts = new Map<string, CheckoutRecord>();
  const portals = new Map<string, Stripe.BillingPortal.Session>();
  const subscriptions = new Map<string, Stripe.Subscription>();
  const invoices = new Map<string, Stripe.Invoice>();
  const invoiceItems = new Map<string, Stripe.InvoiceItem>();
  /** Subscriptions whose charges fail (test control) until the customer gives a new card. */
  const failingPayments = new Set<string>();
  let invoiceNumber = 0;

  const price = (id: string, param: string) => {
    const found = prices.get(id);
    if (!found) throw resourceMissing("price", id, param);
    return found;
  };
  const customer = (id: string, param = "customer") => {
    const found = customers.get(id);
    if (!found) throw resourceMissing("customer", id, param);
    return found;
  };
  const subscription = (id: string) => {
    const found = subscriptions.get(id);
    if (!found) throw resourceMissing("subscription", id);
    return found;
  };
  const firstItem = (sub: Stripe.Subscription) => {
    const item = sub.items.data[0];
    if (!item) throw new Error(`fake stripe: subscription ${sub.id} has no items`);
    return item;
  };

  /** Reads a card number the way the hosted pages and Stripe's test mode do. */
  function readCard(cardNumber: string): Card | { error: string } {
    const digits = cardNumber.replace(/[\s-]/g, "");
    if (digits === TEST_CARD_SUCCESS)
      return { paymentMethod: stripeId("pm"), last4: "4242", declines: false };
    if (digits === TEST_CARD_DECLINE_AFTER_ATTACH) {
      return { paymentMethod: stripeId("pm"), last4: "0341", declines: true };
    }
    return { error: "Your card number is invalid." };
  }

  function attachCard(cus: Stripe.Customer, card: Card) {
    cards.set(cus.id, card);
    cus.invoice_settings.default_payment_method = card.paymentMethod;
    for (const sub of subscriptions.values()) {
      if (sub.customer === cus.id) sub.default_payment_method = card.paymentMethod;
    }
  }

  function finalize(invoice: Stripe.Invoice) {
    invoiceNumber += 1;
    invoice.number = `FAKE-${String(invoiceNumber).padStart(4, "0")}`;
    invoice.status = "open";
    invoice.status_transitions.finalized_at = nowSeconds();
    invoices.set(invoice.id, invoice);
  }

  /** Charges an open invoice with the customer's card; says whether it was paid. */
  function charge(invoice: Stripe.Invoice, sub: Stripe.Subscription): boolean {
    const card = cards.get(String(invoice.customer));
    const forcedFailure = invoice.amount_due > 0 && failingPayments.has(sub.id);
    const paid = invoice.amount_due === 0 || (!forcedFailure && card !== undefined && !card.declines);
    invoice.attempted = true;
    invoice.attempt_count += 1;
    if (paid) {
      invoice.status = "paid";
      invoice.amount_paid = invoice.amount_due;
      invoice.amount_remaining = 0;
      invoice.next_payment_attempt = null;
      invoice.status_transitions.paid_at = nowSeconds();
      webhooks.emit("invoice.paid", invoice);
    } else {
      invoice.next_payment_attempt = nowSeconds() + 3 * 24 * 3600;
      webhooks.emit("invoice.payment_failed", invoice);
    }
    return paid;
  }

  /** Pending invoice items of a subscription (prorations), claimed by the invoice being built. */
  function claimPendingItems(sub: Stripe.Subscription, invoiceLines: InvoiceLineInput[]) {
    for (const ii of invoiceItems.values()) {
      if (ii.invoice === null && ii.parent?.subscription_details?.subscription === sub.id) {
        invoiceLines.push({ kind: "invoice_item", invoiceItem: ii, subscription: sub.id });
      }
    }
  }

  /** Credit on the customer's balance (a negative balance) pays an invoice first. */
  function applyCustomerCredit(invoice: Stripe.Invoice) {
    const payer = customer(String(invoice.customer));
    invoice.starting_balance = payer.balance;
    if (payer.balance < 0 && invoice.total > 0) {
      const used = Math.min(-payer.balance, invoice.total);
      payer.balance += used;
      invoice.amount_due = invoice.total - used;
      invoice.amount_remaining = invoice.amount_due;
    }
    invoice.ending_balance = payer.balance;
  }

  function invoiceFor(
    sub: Stripe.Subscription,
    reason: Stripe.Invoice.BillingReason,
    lines: InvoiceLineInput[],
    start: number,
    end: number,
  ) {
    const invoice = buildInvoice({
      customer: customer(String(sub.customer)),
      subscription: sub,
      billingReason: reason,
      lines,
      periodStart: start,
      periodEnd: end,
    });
    for (const line of lines) if (line.kind === "invoice_item") line.invoiceItem.invoice = invoice.id;
    applyCustomerCredit(invoice);
    finalize(invoice);
    sub.latest_invoice = invoice.id;
    return invoice;
  }

  function periodLines(sub: Stripe.Subscription, trial: boolean): InvoiceLineInput[] {
    return sub.items.data.map((item) => ({
      kind: "subscription_item" as const,
      item,
      subscription: sub.id,
      start: item.current_period_start,
      end: item.current_period_end,
      amount: trial ? 0 : (item.price.unit_amount ?? 0) * (item.quantity ?? 1),
    }));
  }

  function setStatus(sub: Stripe.Subscription, status: Stripe.Subscription.Status) {
    sub.status = status;
  }

  return {
    prices: () => [...prices.values()],
    price,
    customer,
    subscription,
    card: (customerId: string) => cards.get(customerId),

    createCustomer(params: { email: string | null; name: string | null; metadata: Record<string, string> }) {
      const created = buildCustomer(params);
      customers.set(created.id, created);
      return created;
    },

    createCheckoutSession(params: {
      customer: string | null;
      customerEmail: string | null;
      lines: Array<{ price: string; quantity: number }>;
      successUrl: string;
      cancelUrl: string | null;
      clientReferenceId: string | null;
      metadata: Record<string, string>;
      subscriptionMetadata: Record<string, string>;
      trialDays: number | null;
      allowPromotionCodes: boolean | null;
    }) {
      if (params.customer) customer(params.customer);
      const lines = params.lines.map((line, index) => ({
        price: price(line.price, `line_items[${index}][price]`),
        quantity: line.quantity,
      }));
      const intervals = new Set(lines.map((line) => line.price.recurring?.interval));
      if (intervals.size > 1) {
        throw invalidParam(
          "line_items",
          "Checkout does not support multiple prices with different billing intervals.",
        );
      }
      const session = buildCheckoutSession({
        baseUrl,
        customer: params.customer,
        customerEmail: params.customerEmail,
        lines,
        successUrl: params.successUrl,
        cancelUrl: params.cancelUrl,
        clientReferenceId: params.clientReferenceId,
        metadata: params.metadata,
        allowPromotionCodes: params.allowPromotionCodes,
        trialDays: params.trialDays,
      });
      checkouts.set(session.id, {
        session,
        lines,
        subscriptionMetadata: params.subscriptionMetadata,
        trialDays: params.trialDays,
      });
      return session;
    },

    checkout(id: string) {
      const found = checkouts.get(id);
      if (!found) throw resourceMissing("checkout.session", id, "session");
      return found;
    },

    /** The customer pays on the hosted page: the session completes into a paid subscription. */
    completeCheckout(id: string, cardNumber: string): CardOutcome {
      const record = checkouts.get(id);
      if (!record) throw resourceMissing("checkout.session", id, "session");
      const { session } = record;
      if (session.status !== "open")
        return { ok: false, message: "This Checkout Session is no longer active." };
      if (session.expires_at < nowSeconds()) {
        return { ok: false, message: "This Checkout Session has expired." };
      }
      const card = readCard(cardNumber);
      if ("error" in card) return { ok: false, message: card.error };
      // At checkout the first payment is taken at once, so a card that declines completes nothing.
      if (card.declines) return { ok: false, message: "Your card was declined." };

      const cus = session.customer
        ? customer(String(session.customer))
        : this.createCustomer({ email: session.customer_email, name: null, metadata: {} });
      attachCard(cus, card);

      const now = nowSeconds();
      const trialEnd = record.trialDays ? now + record.trialDays * 24 * 3600 : null;
      const subId = stripeId("sub");
      const items = record.lines.map((line) =>
        buildSubscriptionItem({
          subscription: subId,
          price: line.price,
          quantity: line.quantity,
          periodStart: now,
          periodEnd: trialEnd ?? periodEnd(now, line.price.recurring?.interval ?? "month"),
        }),
      );
      const sub = buildSubscription({
        id: subId,
        customer: cus.id,
        currency: record.lines[0]?.price.currency ?? "usd",
        items,
        metadata: record.subscriptionMetadata,
        status: trialEnd ? "trialing" : "active",
        trialStart: trialEnd ? now : null,
        trialEnd,
        defaultPaymentMethod: card.paymentMethod,
      });
      subscriptions.set(sub.id, sub);
      const invoice = invoiceFor(sub, "subscription_create", periodLines(sub, trialEnd !== null), now, now);

      session.status = "complete";
      session.customer = cus.id;
      session.subscription = sub.id;
      session.invoice = invoice.id;
      session.payment_status = trialEnd ? "no_payment_required" : "paid";
      session.customer_details = {
        address: null,
        business_name: null,
        email: cus.email,
        individual_name: null,
        name: cus.name ?? null,
        phone: null,
        tax_exempt: "none",
        tax_ids: [],
      };
      session.url = null;

      webhooks.emit("customer.subscription.created", sub);
      charge(invoice, sub);
      webhooks.emit("checkout.session.completed", session);
      return { ok: true };
    },

    createPortalSession(params: { customer: string; returnUrl: string | null }) {
      customer(params.customer);
      const session = buildPortalSession({ baseUrl, customer: params.customer, returnUrl: params.returnUrl });
      portals.set(session.id, session);
      return session;
    },

    portal(id: string) {
      const found = portals.get(id);
      if (!found) throw new ControlError(`no such portal session: ${id}`);
      return found;
    },

    subscriptionsOf(customerId: string) {
      return [...subscriptions.values()].filter((sub) => sub.customer === customerId);
    },

    listSubscriptions(filter: { customer?: string; status?: string; price?: string }) {
      return [...subscriptions.values()].filter(
        (sub) =>
          (!filter.customer || sub.customer === filter.customer) &&
          (!filter.price || sub.items.data.some((item) => item.price.id === filter.price)) &&
          (filter.status === "all" ||
            (filter.status === "ended"
              ? sub.status === "canceled" || sub.status === "incomplete_expired"
              : filter.status
                ? sub.status === filter.status
                : sub.status !== "canceled" && sub.status !== "incomplete_expired")),
      );
    },

    /** `POST /v1/subscriptions/:id`: a plan or quantity change (prorated), cancel at period end, metadata. */
    updateSubscription(
      id: string,
      change: {
        item?: { id: string; price?: string; quantity?: number };
        prorationBehavior?: "create_prorations" | "always_invoice" | "none";
        cancelAtPeriodEnd?: boolean;
        metadata?: Record<string, string>;
      },
      idempotencyKey: string | null,
    ) {
      const sub = subscription(id);
      if (sub.status === "canceled" && (change.item || change.cancelAtPeriodEnd !== undefined)) {
        throw invalidParam(
          change.item ? "items" : "cancel_at_period_end",
          "A canceled subscription can only update its cancellation_details and metadata.",
        );
      }
      const previous: Record<string, unknown> = {};
      if (change.item) {
        const item = sub.items.data.find((candidate) => candidate.id === change.item?.id);
        if (!item) throw resourceMissing("subscription_item", change.item.id, "items[0][id]");
        const newPrice = change.item.price ? price(change.item.price, "items[0][price]") : item.price;
        const newQuantity = change.item.quantity ?? item.quantity ?? 1;
        if (newPrice.id !== item.price.id || newQuantity !== item.quantity) {
          previous.items = JSON.parse(JSON.stringify(sub.items));
          this.changeItem(sub, item, newPrice, newQuantity, change.prorationBehavior ?? "create_prorations");
        }
      }
      if (change.cancelAtPeriodEnd !== undefined && change.cancelAtPeriodEnd !== sub.cancel_at_period_end) {
        previous.cancel_at_period_end = sub.cancel_at_period_end;
        previous.cancel_at = sub.cancel_at;
        sub.cancel_at_period_end = change.cancelAtPeriodEnd;
        sub.cancel_at = change.cancelAtPeriodEnd ? firstItem(sub).current_period_end : null;
        sub.canceled_at = change.cancelAtPeriodEnd ? nowSeconds() : null;
        sub.cancellation_details = {
          comment: null,
          feedback: null,
          feedback_option: null,
          reason: change.cancelAtPeriodEnd ? "cancellation_requested" : null,
        };
      }
      if (change.metadata !== undefined) {
        previous.metadata = { ...sub.metadata };
        sub.metadata = change.metadata;
      }
      if (Object.keys(previous).length > 0) {
        webhooks.emit("customer.subscription.updated", sub, { idempotencyKey, previousAttributes: previous });
      }
      return sub;
    },

    /**
     * A price or quantity change. Same interval: credit for the unused time on the old price and a
     * charge for the rest of the period on the new one, as pending invoice items (`create_prorations`,
     * billed at renewal) or invoiced and charged at once (`always_invoice`). A different interval
     * resets the billing cycle to now and invoices at once, as Stripe does.
     */
    changeItem(
      sub: Stripe.Subscription,
      item: Stripe.SubscriptionItem,
      newPrice: Stripe.Price,
      newQuantity: number,
      behavior: "create_prorations" | "always_invoice" | "none",
    ) {
      const now = nowSeconds();
      const start = item.current_period_start;
      const end = item.current_period_end;
      const intervalChanged = newPrice.recurring?.interval !== item.price.recurring?.interval;
      const prorate = behavior !== "none" && sub.status !== "trialing";
      const remaining = Math.min(Math.max((end - Math.max(now, start)) / (end - start), 0), 1);
      const oldQuantity = item.quantity ?? 1;
      const customerId = String(sub.customer);
      const pending: Stripe.InvoiceItem[] = [];
      if (prorate && remaining > 0) {
        pending.push(
          buildProrationItem({
            customer: customerId,
            subscription: sub.id,
            subscriptionItem: item.id,
            price: item.price,
            quantity: oldQuantity,
            amount: -Math.round((item.price.unit_amount ?? 0) * oldQuantity * remaining),
            start: Math.max(now, start),
            end,
            description: `Unused time on ${oldQuantity} × ${item.price.nickname ?? item.price.id}`,
          }),
        );
        if (!intervalChanged) {
          pending.push(
            buildProrationItem({
              customer: customerId,
              subscription: sub.id,
              subscriptionItem: item.id,
              price: newPrice,
              quantity: newQuantity,
              amount: Math.round((newPrice.unit_amount ?? 0) * newQuantity * remaining),
              start: Math.max(now, start),
              end,
              description: `Remaining time on ${newQuantity} × ${newPrice.nickname ?? newPrice.id}`,
            }),
          );
        }
      }
      for (const ii of pending) invoiceItems.set(ii.id, ii);
      item.price = newPrice;
      item.plan = toStripePlan(newPrice);
      item.quantity = newQuantity;
      if (intervalChanged && sub.status !== "trialing") {
        for (const each of sub.items.data) {
          each.current_period_start = now;
          each.current_period_end = periodEnd(now, newPrice.recurring?.interval ?? "month");
        }
        sub.billing_cycle_anchor = now;
        const lines = periodLines(sub, false);
        claimPendingItems(sub, lines);
        this.chargeAndSettle(sub, invoiceFor(sub, "subscription_update", lines, now, now));
      } else if (behavior === "always_invoice" && pending.length > 0) {
        const lines: InvoiceLineInput[] = [];
        claimPendingItems(sub, lines);
        this.chargeAndSettle(sub, invoiceFor(sub, "subscription_update", lines, now, now));
      }
    },

    /** Charges an invoice and moves the subscription to past_due when it fails (active again when paid). */
    chargeAndSettle(sub: Stripe.Subscription, invoice: Stripe.Invoice) {
      const paid = charge(invoice, sub);
      const before = sub.status;
      if (!paid && (before === "active" || before === "trialing")) setStatus(sub, "past_due");
      if (paid && (before === "past_due" || before === "unpaid")) setStatus(sub, "active");
      return before !== sub.status;
    },

    /**
     * `DELETE /v1/subscriptions/:id`: ends it now. `prorate` credits the unused time of the period as
     * pending items; `invoice_now` bills them in a final invoice at once, and a final invoice below zero
     * becomes credit on the customer's balance, which later invoices use first (as Stripe does).
     */
    cancelSubscription(
      id: string,
      idempotencyKey: string | null,
      options: { prorate: boolean; invoiceNow: boolean } = { prorate: false, invoiceNow: false },
    ) {
      const sub = subscription(id);
      if (sub.status === "canceled") {
        throw new StripeApiError(
          400,
          "invalid_request_error",
          `No such subscription: '${id}'; it has already been canceled.`,
          "resource_missing",
          "id",
        );
      }
      const now = nowSeconds();
      if (options.prorate && sub.status !== "trialing") {
        for (const item of sub.items.data) {
          const { current_period_start: start, current_period_end: end } = item;
          const remaining = Math.min(Math.max((end - Math.max(now, start)) / (end - start), 0), 1);
          if (remaining <= 0) continue;
          const quantity = item.quantity ?? 1;
          const credit = buildProrationItem({
            customer: String(sub.customer),
            subscription: sub.id,
            subscriptionItem: item.id,
            price: item.price,
            quantity,
            amount: -Math.round((item.price.unit_amount ?? 0) * quantity * remaining),
            start: Math.max(now, start),
            end,
            description: `Unused time on ${quantity} × ${item.price.nickname ?? item.price.id}`,
          });
          invoiceItems.set(credit.id, credit);
        }
      }
      if (options.invoiceNow) {
        const lines: InvoiceLineInput[] = [];
        claimPendingItems(sub, lines);
        if (lines.length > 0) {
          const invoice = invoiceFor(sub, "subscription_cycle", lines, now, now);
          if (invoice.total < 0) {
            const payer = customer(String(sub.customer));
            payer.balance += invoice.total;
            invoice.ending_balance = payer.balance;
          }
          this.chargeAndSettle(sub, invoice);
        }
      }
      setStatus(sub, "canceled");
      sub.canceled_at = now;
      sub.ended_at = now;
      sub.cancel_at = null;
      sub.cancellation_details = {
        comment: null,
        feedback: null,
        feedback_option: null,
        reason: "cancellation_requested",
      };
      webhooks.emit("customer.subscription.deleted", sub, { idempotencyKey });
      return sub;
    },

    /** Test control: time reaches the end of the current period. */
    advance(id: string) {
      const sub = subscription(id);
      const item = firstItem(sub);
      if (sub.status === "canceled") throw new ControlError(`subscription ${id} is canceled`);
      if (sub.cancel_at_period_end) {
        setStatus(sub, "canceled");
        sub.ended_at = item.current_period_end;
        webhooks.emit("customer.subscription.deleted", sub);
        return sub;
      }
      if (sub.status === "unpaid") {
        throw new ControlError(`subscription ${id} is unpaid: pay its open invoice (update the card) first`);
      }
      if (sub.status === "past_due") {
        // The retry schedule runs out: the last retry fails and the subscription becomes unpaid.
        const open = typeof sub.latest_invoice === "string" ? invoices.get(sub.latest_invoice) : undefined;
        if (open?.status === "open" && !charge(open, sub)) {
          setStatus(sub, "unpaid");
          webhooks.emit("customer.subscription.updated", sub);
        } else {
          setStatus(sub, "active");
          webhooks.emit("customer.subscription.updated", sub);
        }
        return sub;
      }
      const start = item.current_period_end;
      for (const each of sub.items.data) {
        each.current_period_start = start;
        each.current_period_end = periodEnd(start, each.price.recurring?.interval ?? "month");
      }
      if (sub.status === "trialing") setStatus(sub, "active");
      const lines = periodLines(sub, false);
      claimPendingItems(sub, lines);
      const invoice = invoiceFor(sub, "subscription_cycle", lines, start, start);
      this.chargeAndSettle(sub, invoice);
      webhooks.emit("customer.subscription.updated", sub);
      return sub;
    },

    /** Test control: from the next charge on, this subscription's payments fail until the card is updated. */
    failNextPayment(id: string) {
      subscription(id);
      failingPayments.add(id);
    },

    /** A new card from the portal; open invoices are retried with it, as Stripe does on a card update. */
    updateCard(customerId: string, cardNumber: string): CardOutcome {
      const cus = customer(customerId);
      const card = readCard(cardNumber);
      if ("error" in card) return { ok: false, message: card.error };
      attachCard(cus, card);
      for (const sub of subscriptions.values()) if (sub.customer === cus.id) failingPayments.delete(sub.id);
      for (const invoice of invoices.values()) {
        if (invoice.customer !== cus.id || invoice.status !== "open") continue;
        const subId = invoice.parent?.subscription_details?.subscription;
        const sub = typeof subId === "string" ? subscriptions.get(subId) : undefined;
        if (sub && this.chargeAndSettle(sub, invoice)) webhooks.emit("customer.subscription.updated", sub);
      }
      return { ok: true };
    },

    invoice(id: string) {
      const found = invoices.get(id);
      if (!found) throw resourceMissing("invoice", id);
      return found;
    },

    listInvoices(filter: { customer?: string; subscription?: string; status?: string }) {
      return [...invoices.values()].filter(
        (invoice) =>
          (!filter.customer || invoice.customer === filter.customer) &&
          (!filter.subscription ||
            invoice.parent?.subscription_details?.subscription === filter.subscription) &&
          (!filter.status || invoice.status === filter.status),
      );
    },

    listInvoiceItems(filter: { customer?: string; pending?: boolean }) {
      return [...invoiceItems.values()].filter(
        (ii) =>
          (!filter.customer || ii.customer === filter.customer) &&
          (filter.pending === undefined || (ii.invoice === null) === filter.pending),
      );
    },

    /** Every stored object by id, for `expand[]`. */
    byId(id: string): unknown {
      return (
        customers.get(id) ??
        subscriptions.get(id) ??
        invoices.get(id) ??
        prices.get(id) ??
        invoiceItems.get(id) ??
        checkouts.get(id)?.session
      );
    },
  };
}

export type Billing = ReturnType<typeof createBilling>;
