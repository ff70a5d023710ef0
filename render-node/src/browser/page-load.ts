import ipaddr from "ipaddr.js";
import type { Page, Response } from "playwright-core";
import { stripBrackets } from "../core/egress-guard";
import { errorMessage } from "../core/errors";
import type { BrowserSession } from "./browser-session";
import { type Deadline, settleWithin } from "./deadline";
import { UnusablePage } from "./unusable";

/** Statuses the egress proxy answers with when it could not reach the site (proxy-chain's 59x). */
const PROXY_FAILURES: Record<number, string> = {
  593: "its domain name does not resolve (DNS)",
  594: "the server refused the connection",
  595: "the server reset the connection",
  597: "the server could not be reached",
  599: "the server could not be reached",
};

/**
 * Navigates to `url` and returns once the document has arrived and (within the caps) finished loading;
 * a page that keeps loading (a resource that hangs) is used as it is when the caps run out. Refused,
 * unreachable and timed-out pages throw `UnusablePage`; HTTP errors are left to the caller, which first
 * looks whether the error page is a bot wall.
 */
export async function loadPage(
  session: BrowserSession,
  page: Page,
  url: string,
  options: { navigationTimeoutMs: number; deadline: Deadline; signal: AbortSignal; loadCapMs: number },
): Promise<Response | null> {
  const protocol = url.slice(0, url.indexOf(":") + 1).toLowerCase();
  if (protocol !== "http:" && protocol !== "https:") {
    throw new UnusablePage(`the ${protocol} scheme is not allowed for a page`, "blocked", false);
  }
  const urlProblem = await session.guard.checkUrl(url);
  if (urlProblem) throw new UnusablePage(urlProblem, "blocked", false);
  const host = stripBrackets(new URL(url).hostname);
  if (!ipaddr.isValid(host)) {
    try {
      await session.guard.resolve(host);
    } catch {
      throw new UnusablePage("its domain name does not resolve (DNS)", "unreachable", false);
    }
  }
  const mark = session.blockedMark();
  let response: Response | null;
  try {
    response = await page.goto(url, {
      waitUntil: "commit",
      timeout: Math.min(options.navigationTimeoutMs, options.deadline.remaining(1000)),
    });
  } catch (error) {
    if (options.signal.aborted) throw options.signal.reason;
    const refused = session.blockedSince(mark)[0];
    if (refused) throw forbidden(refused);
    throw describeNavigationError(errorMessage(error), options.navigationTimeoutMs);
  }
  const refused = session.blockedSince(mark)[0];
  if (refused) throw forbidden(refused);
  const status = response?.status() ?? 0;
  const proxyFailure = PROXY_FAILURES[status];
  if (proxyFailure) throw new UnusablePage(proxyFailure, "unreachable", status !== 593);
  // The document has arrived; a page that never reaches "load" is used as it is.
  await settleWithin(page.waitForLoadState("domcontentloaded"), options.deadline.cap(options.loadCapMs));
  await settleWithin(page.waitForLoadState("load"), options.deadline.cap(options.loadCapMs));
  return response;
}

function forbidden(attempt: { url: string; reason: string }): UnusablePage {
  return new UnusablePage(
    `it tried to reach a forbidden address: ${attempt.url} (${attempt.reason})`,
    "blocked",
    false,
  );
}

export function describeNavigationError(message: string, timeoutMs: number): UnusablePage {
  const net = /net::(ERR_[A-Z_]+)/.exec(message)?.[1];
  if (net === "ERR_BLOCKED_BY_CLIENT") return new UnusablePage("it was blocked", "blocked", false);
  if (net === "ERR_NAME_NOT_RESOLVED")
    return new UnusablePage("its domain name does not resolve (DNS)", "unreachable", false);
  if (net === "ERR_CONNECTION_REFUSED" || net === "ERR_TUNNEL_CONNECTION_FAILED")
    return new UnusablePage("the server refused the connection", "unreachable", true);
  if (net?.startsWith("ERR_CERT_"))
    return new UnusablePage(`its TLS certificate is not valid (${net})`, "unreachable", false);
  if (
    net === "ERR_TIMED_OUT" ||
    net === "ERR_CONNECTION_TIMED_OUT" ||
    /Timeout \d+ms exceeded/.test(message)
  ) {
    return new UnusablePage(
      `the page did not finish loading within ${Math.round(timeoutMs / 1000)} s`,
      "timeout",
      true,
    );
  }
  if (net) return new UnusablePage(`the browser reported ${net}`, "unreachable", true);
  return new UnusablePage(message.split("\n")[0] ?? message, "unreachable", true);
}
