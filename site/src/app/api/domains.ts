import { answer, api, done } from "./client";

// Custom domains for landing pages (edge/src/routes/domains.ts), registered with Cloudflare for SaaS.

const byId = (id: string) => ({ params: { path: { id } } });

export const listDomains = () => answer(api.GET("/api/domains"));
export const addDomain = (hostname: string) => answer(api.POST("/api/domains", { body: { hostname } }));
export const checkDomain = (id: string) => answer(api.POST("/api/domains/{id}/check", byId(id)));
export const deleteDomain = (id: string) => done(api.DELETE("/api/domains/{id}", byId(id)));
