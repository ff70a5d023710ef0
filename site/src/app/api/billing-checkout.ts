import type { BillingInterval, PaidPlanId } from "@loom-lite/schema";
import { answer, api } from "./client";

// Subscribing and paying through Stripe (edge/src/routes/billing-checkout.ts).

export const startCheckout = (plan: PaidPlanId, interval: BillingInterval) =>
  answer(api.POST("/api/billing/checkout", { body: { plan, interval } }));
export const openPortal = () => answer(api.POST("/api/billing/portal"));
export const listInvoices = () => answer(api.GET("/api/billing/invoices"));
