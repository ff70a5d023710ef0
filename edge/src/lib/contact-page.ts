import type { ContactField } from "@loom-lite/schema";

export interface ContactPageState {
  /** What the visitor typed, put back into the fields. */
  values: Record<string, string>;
  /** One message per field, shown beside it. */
  fieldErrors: Partial<Record<ContactField, string>>;
  /** A message for the whole form (rate limit, storage trouble). */
  formError?: string;
}

/**
 * The static /contact page (the site build) with the visitor's values and the errors put beside their
 * fields, so the form works the same without JavaScript. The page marks its places with
 * `data-error-for` and `data-form-error`; HTMLRewriter escapes every value it writes.
 */
export function contactPageWithErrors(page: Response, state: ContactPageState): Response {
  const { values, fieldErrors, formError } = state;
  const errorOf = (name: string | null) =>
    name ? (fieldErrors as Record<string, string | undefined>)[name] : undefined;
  // Elements arrive in document order, so an option belongs to the last select seen.
  let currentSelect = "";
  return new HTMLRewriter()
    .on("[data-form-error]", {
      element(el) {
        const count = Object.keys(fieldErrors).length;
        const text =
          formError ??
          (count ? `Please correct the ${count === 1 ? "field" : `${count} fields`} marked below.` : "");
        if (!text) return;
        el.setInnerContent(text);
        el.removeAttribute("hidden");
      },
    })
    .on("[data-error-for]", {
      element(el) {
        const message = errorOf(el.getAttribute("data-error-for"));
        if (!message) return;
        el.setInnerContent(message);
        el.removeAttribute("hidden");
      },
    })
    .on("input[name], textarea[name], select[name]", {
      element(el) {
        const name = el.getAttribute("name") ?? "";
        if (el.tagName === "select") currentSelect = name;
        if (errorOf(name)) el.setAttribute("aria-invalid", "true");
        const value = values[name];
        if (value === undefined) return;
        if (el.tagName === "input" && el.getAttribute("type") !== "hidden") el.setAttribute("value", value);
        if (el.tagName === "textarea") el.setInnerContent(value);
      },
    })
    .on("select[name] option", {
      element(el) {
        const chosen = values[currentSelect];
        if (chosen === undefined) return;
        if (el.getAttribute("value") === chosen) el.setAttribute("selected", "");
        else el.removeAttribute("selected");
      },
    })
    .transform(page);
}
