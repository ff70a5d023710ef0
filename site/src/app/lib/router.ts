import { useEffect, useState } from "react";

// The dashboard is one static page (/app); views are addressed by the hash so that any static host,
// including the Worker's ASSETS binding, serves every view without rewrite rules.

export const SETTINGS_TABS = [
  "profile",
  "password",
  "keys",
  "workspace",
  "team",
  "notifications",
  "webhooks",
  "domains",
  "billing",
  "danger",
] as const;
export type SettingsTab = (typeof SETTINGS_TABS)[number];

export type Route =
  | { view: "login" }
  | { view: "signup" }
  | { view: "forgot-password" }
  | { view: "reset-password" }
  | { view: "invite"; token: string }
  | { view: "campaigns" }
  | { view: "campaign-new" }
  | { view: "facecams" }
  | { view: "campaign"; id: string }
  | { view: "lead"; campaignId: string; leadId: string }
  | { view: "settings"; tab: SettingsTab }
  | { view: "admin" };

/** Views a signed-out visitor may see. */
export const PUBLIC_VIEWS: readonly Route["view"][] = [
  "login",
  "signup",
  "forgot-password",
  "reset-password",
  "invite",
];

export function parseRoute(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, "")
    .split("?")[0]
    ?.split("/")
    .filter(Boolean)
    .map(decodeURIComponent) ?? [""];
  const [first, second, third, fourth] = parts;
  if (first === "login") return { view: "login" };
  if (first === "signup") return { view: "signup" };
  if (first === "forgot-password") return { view: "forgot-password" };
  if (first === "reset-password") return { view: "reset-password" };
  if (first === "invite" && second) return { view: "invite", token: second };
  if (first === "admin") return { view: "admin" };
  if (first === "settings") {
    const tab = SETTINGS_TABS.find((t) => t === second) ?? "profile";
    return { view: "settings", tab };
  }
  if (first === "facecams") return { view: "facecams" };
  if (first === "campaigns" && second === "new") return { view: "campaign-new" };
  if (first === "campaigns" && second && third === "leads" && fourth)
    return { view: "lead", campaignId: second, leadId: fourth };
  if (first === "campaigns" && second) return { view: "campaign", id: second };
  return { view: "campaigns" };
}

export function href(route: Route): string {
  switch (route.view) {
    case "campaign":
      return `#/campaigns/${encodeURIComponent(route.id)}`;
    case "campaign-new":
      return "#/campaigns/new";
    case "lead":
      return `#/campaigns/${encodeURIComponent(route.campaignId)}/leads/${encodeURIComponent(route.leadId)}`;
    case "invite":
      return `#/invite/${encodeURIComponent(route.token)}`;
    case "settings":
      return `#/settings/${route.tab}`;
    default:
      return `#/${route.view}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}

/** Where to go after logging in: the `?next=` of the auth view's hash when it is a dashboard hash. */
export function hashAfterAuth(hash: string = window.location.hash): string {
  const next = new URLSearchParams(hash.split("?")[1] ?? "").get("next");
  return next?.startsWith("#/") ? next : href({ view: "campaigns" });
}
