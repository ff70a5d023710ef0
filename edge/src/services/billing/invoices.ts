import type Stripe from "stripe";
import { recordedCustomer } from "./customers";
import type { BillingDeps } from "./subscription-sync";

export interface InvoiceView {
  id: string;
  number: string | null;
  status: Stripe.Invoice.Status | null;
  /** In the currency's smallest unit (cents). */
  amountDue: number;
  amountPaid: number;
  currency: string;
  createdAt: string;
  periodStart: string;
  periodEnd: string;
  hostedInvoiceUrl: string | null;
  invoicePdf: string | null;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** The workspace's invoices as Stripe has them, newest first; none before its first checkout. */
export async function listInvoices(
  deps: BillingDeps,
  workspaceId: string,
  limit = 24,
): Promise<InvoiceView[]> {
  const customer = await recordedCustomer(deps.db, workspaceId);
  if (!customer) return [];
  const page = await deps.stripe.invoices.list({ customer, limit });
  return page.data.map((invoice) => ({
    id: invoice.id ?? "",
    number: invoice.number,
    status: invoice.status,
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    currency: invoice.currency,
    createdAt: iso(invoice.created),
    periodStart: iso(invoice.period_start),
    periodEnd: iso(invoice.period_end),
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    invoicePdf: invoice.invoice_pdf ?? null,
  }));
}
