import { SITE_URL } from "./pages";

/** schema.org JSON-LD the pages embed (Google's structured-data types: Organization, Product, FAQPage). */
export const ORGANIZATION = {
  "@context": "https://schema.org",
  "@type": "Organization",
  name: "Loom-Lite",
  url: `${SITE_URL}/`,
  logo: `${SITE_URL}/favicon.svg`,
  contactPoint: [{ "@type": "ContactPoint", contactType: "sales", url: `${SITE_URL}/contact/` }],
};

export function faqPage(entries: readonly { question: string; answer: string }[]) {
  return {
    "@context": "https://schema.org",
    "@type": "FAQPage",
    mainEntity: entries.map((e) => ({
      "@type": "Question",
      name: e.question,
      acceptedAnswer: { "@type": "Answer", text: e.answer },
    })),
  };
}
