/**
 * Every public page of the storefront: its path, title and description. The layout reads its entry for
 * the head tags (paths end in / as the build serves them), the build makes one Open Graph image per entry, sitemap.xml lists them, and the
 * browser tests visit each.
 */
export interface PageMeta {
  path: string;
  title: string;
  description: string;
  /** The headline on its Open Graph image. */
  headline: string;
}

export const PAGES = [
  {
    path: "/",
    title: "Loom-Lite: personalized sales videos, one recording",
    description:
      "Record once. Loom-Lite films every lead's own website with your facecam on top and gives each a private landing page.",
    headline: "A personal video for every lead, from one recording",
  },
  {
    path: "/try/",
    title: "Try Loom-Lite on your own website",
    description:
      "Type your website and watch Loom-Lite film it: the first frame in seconds, an 8-second sample with a demo facecam in about a minute.",
    headline: "See Loom-Lite on your own website",
  },
  {
    path: "/pricing/",
    title: "Pricing: Loom-Lite",
    description:
      "Free, Starter, Growth and Team plans: minutes of video a month, seats, domains and a clear per-minute overage.",
    headline: "Simple pricing by the minute of video",
  },
  {
    path: "/features/",
    title: "Features: Loom-Lite",
    description:
      "Backgrounds from the lead's site, human scrolling, landing pages, custom domains, viewer analytics, signed webhooks and a REST API.",
    headline: "Everything a personalized video needs",
  },
  {
    path: "/use-cases/",
    title: "Use cases: Loom-Lite",
    description:
      "How SDR teams, agencies and customer success teams use personalized videos built from each account's website.",
    headline: "For SDRs, agencies and customer success",
  },
  {
    path: "/integrations/",
    title: "Integrations: Loom-Lite",
    description:
      "Send Loom-Lite videos from Lemlist, Instantly, Apollo and HubSpot with the CSV export, or wire anything through signed webhooks, Zapier and Make.",
    headline: "Works with the outreach tools you use",
  },
  {
    path: "/contact/",
    title: "Contact sales and book a demo: Loom-Lite",
    description: "Tell us about your team and we will show you Loom-Lite on your own prospects' websites.",
    headline: "Book a demo",
  },
  {
    path: "/contact/thanks/",
    title: "Thanks, we got your message: Loom-Lite",
    description: "Your message reached the Loom-Lite sales team; we answer within one working day.",
    headline: "Thanks, we will be in touch",
  },
  {
    path: "/docs/",
    title: "Documentation: Loom-Lite",
    description:
      "Guides and the API reference: getting started, CSV imports, the scene spec, custom domains, webhooks and render nodes.",
    headline: "Documentation",
  },
  {
    path: "/docs/getting-started/",
    title: "Getting started: Loom-Lite docs",
    description: "From sign-up to your first rendered campaign in five minutes.",
    headline: "Getting started",
  },
  {
    path: "/docs/csv/",
    title: "CSV format and merge fields: Loom-Lite docs",
    description:
      "Which columns a lead list needs, the header spellings Loom-Lite understands and how merge fields fill your scenes.",
    headline: "CSV format and merge fields",
  },
  {
    path: "/docs/scene-spec/",
    title: "The scene spec: Loom-Lite docs",
    description:
      "Scenes, actions, overlays, the facecam bubble and what happens when a lead's site cannot be filmed.",
    headline: "The scene spec",
  },
  {
    path: "/docs/custom-domains/",
    title: "Custom domains: Loom-Lite docs",
    description: "Serve landing pages on your own domain: the DNS record, verification and certificates.",
    headline: "Custom domains",
  },
  {
    path: "/docs/webhooks/",
    title: "Webhooks: Loom-Lite docs",
    description: "Events, retries and how to verify the Loom-Signature header in Node.js and Python.",
    headline: "Webhooks and signatures",
  },
  {
    path: "/docs/render-nodes/",
    title: "Render-node operations: Loom-Lite docs",
    description:
      "Run your own render nodes: tokens, capacity, health and metrics, rotation and the global cap.",
    headline: "Render-node operations",
  },
  {
    path: "/docs/api/",
    title: "API reference: Loom-Lite docs",
    description: "Every endpoint of the Loom-Lite REST API, generated from its OpenAPI contract.",
    headline: "API reference",
  },
  {
    path: "/terms/",
    title: "Terms of service: Loom-Lite",
    description: "The terms that apply when you use Loom-Lite.",
    headline: "Terms of service",
  },
  {
    path: "/privacy/",
    title: "Privacy policy: Loom-Lite",
    description: "What personal data Loom-Lite processes, why, for how long and your rights.",
    headline: "Privacy policy",
  },
  {
    path: "/dpa/",
    title: "Data processing agreement: Loom-Lite",
    description: "The data processing agreement between Loom-Lite and its customers under the GDPR.",
    headline: "Data processing agreement",
  },
  {
    path: "/subprocessors/",
    title: "Subprocessors: Loom-Lite",
    description: "The companies that process personal data on Loom-Lite's behalf, what for and where.",
    headline: "Subprocessors",
  },
  {
    path: "/acceptable-use/",
    title: "Acceptable use policy: Loom-Lite",
    description: "What you may and may not send with Loom-Lite.",
    headline: "Acceptable use",
  },
  {
    path: "/cookies/",
    title: "Cookie policy: Loom-Lite",
    description: "The few cookies Loom-Lite sets, and why none of them track you across sites.",
    headline: "Cookie policy",
  },
  {
    path: "/security/",
    title: "Security: Loom-Lite",
    description:
      "How Loom-Lite isolates tenants, renders untrusted websites safely, signs webhooks and handles your data.",
    headline: "Security at Loom-Lite",
  },
  {
    path: "/changelog/",
    title: "Changelog: Loom-Lite",
    description: "What changed in Loom-Lite, release by release.",
    headline: "Changelog",
  },
  {
    path: "/404/",
    title: "Page not found: Loom-Lite",
    description: "That page does not exist. Try the home page, pricing or the docs.",
    headline: "Page not found",
  },
] as const satisfies readonly PageMeta[];

export type PagePath = (typeof PAGES)[number]["path"];

export function pageMeta(path: PagePath): PageMeta {
  const page = PAGES.find((p) => p.path === path);
  if (!page) throw new Error(`no page ${path} in site/src/lib/pages.ts`);
  return page;
}

/** The Open Graph image of a page, built by src/pages/og/[slug].png.ts. */
export function ogSlug(path: string): string {
  return path === "/" ? "home" : path.replace(/^\/|\/$/g, "").replaceAll("/", "-");
}

/** Where the site is served; canonical URLs and Open Graph images are absolute against it. */
// Astro's `site` (astro.config.mjs); the browser tests import this file outside Astro, where it is unset.
const astroSite = (import.meta as { env?: { SITE?: string } }).env?.SITE;
export const SITE_URL = (astroSite ?? "http://localhost:8787").replace(/\/$/, "");
