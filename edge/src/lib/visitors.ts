import { isbot } from "isbot";

/**
 * Mail security scanners and link expanders that fetch (and sometimes run) links in emails before a
 * person does, and that isbot's crawler list does not name. Their visits must not count as views.
 */
const MAIL_SCANNERS =
  /safelinks|microsoft office|ms-office|outlook|barracuda|proofpoint|mimecast|forcepoint|symantec|trendmicro|sophos|fireeye|paloalto|zscaler|skypeuripreview|google-safety|bitdefender|headless|phantomjs|iframely|embedly|preview/i;

/** True when the user agent is a person's browser, as far as anyone can tell from the header. */
export function isCountedVisitor(userAgent: string | undefined | null): boolean {
  if (!userAgent || userAgent.trim() === "") return false;
  return !isbot(userAgent) && !MAIL_SCANNERS.test(userAgent);
}
