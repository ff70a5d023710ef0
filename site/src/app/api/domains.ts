import { request } from "./client";

// Custom domains for landing pages (edge/src/routes/domains.ts), registered with Cloudflare for SaaS.

const enc = encodeURIComponent;

export interface DnsRecord {
  type: "CNAME" | "TXT";
  name: string;
  value: string;
  purpose: "routing" | "ownership" | "certificate";
}

export interface CustomDomain {
  id: string;
  hostname: string;
  /** Cloudflare's status; pages are served only when `active`. */
  status: string;
  sslStatus: string | null;
  dnsRecords: DnsRecord[];
  checkedAt: string | null;
  createdAt: string;
}

export const listDomains = () => request<{ domains: CustomDomain[] }>("GET", "/api/domains");
export const addDomain = (hostname: string) => request<CustomDomain>("POST", "/api/domains", { hostname });
export const checkDomain = (id: string) => request<CustomDomain>("POST", `/api/domains/${enc(id)}/check`, {});
export const deleteDomain = (id: string) => request<void>("DELETE", `/api/domains/${enc(id)}`);
