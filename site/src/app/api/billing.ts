import { answer, api } from "./client";

// The workspace's plan, usage and overage settings (edge/src/routes/billing.ts).

export const getBilling = () => answer(api.GET("/api/billing"));
export const listUsage = (cursor?: string) =>
  answer(api.GET("/api/billing/usage", { params: { query: { limit: 50, cursor } } }));
export const updateOverage = (patch: { overageEnabled?: boolean; spendingCapCents?: number }) =>
  answer(api.PATCH("/api/billing", { body: patch }));
