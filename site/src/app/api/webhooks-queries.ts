import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import * as api from "./webhooks";

export const webhookKeys = {
  all: ["webhooks"] as const,
  deliveries: (id: string) => ["webhooks", id, "deliveries"] as const,
};

/** Pending deliveries are retried by the server; their log is asked for again this often. */
const DELIVERY_POLL_MS = 10_000;

export const useWebhooks = () =>
  useQuery({ queryKey: webhookKeys.all, queryFn: async () => (await api.listWebhooks()).webhooks });

export function useCreateWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: api.createWebhook,
    onSuccess: () => qc.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}

export function useDeleteWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: api.deleteWebhook,
    onSuccess: () => qc.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}

export const useDeliveries = (webhookId: string) =>
  useQuery({
    queryKey: webhookKeys.deliveries(webhookId),
    queryFn: async () => (await api.listDeliveries(webhookId)).deliveries,
    refetchInterval: DELIVERY_POLL_MS,
  });

export function useTestWebhook(webhookId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.testWebhook(webhookId),
    onSettled: () => qc.invalidateQueries({ queryKey: webhookKeys.deliveries(webhookId) }),
  });
}
