import { useEffect, useState } from "react";

// The dashboard is one static page (/app); views are addressed by the hash so that any static host,
// including the Worker's ASSETS binding, serves every view without rewrite rules.

export type Route =
  | { view: "login" }
  | { view: "signup" }
  | { view: "campaigns" }
  | { view: "campaign-new" }
  | { view: "campaign"; id: string };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  const [first, second] = parts;
  if (first === "login") return { view: "login" };
  if (first === "signup") return { view: "signup" };
  if (first === "campaigns" && second === "new") return { view: "campaign-new" };
  if (first === "campaigns" && second) return { view: "campaign", id: second };
  return { view: "campaigns" };
}

export function href(route: Route): string {
  switch (route.view) {
    case "campaign":
      return `#/campaigns/${encodeURIComponent(route.id)}`;
    case "campaign-new":
      return "#/campaigns/new";
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
