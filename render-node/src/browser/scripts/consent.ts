/**
 * In-page functions (passed to `evaluate`; self-contained, no imports) that get consent banners and
 * modal overlays out of the way. What is hidden gets `data-loom-hidden` so a later pass can tell.
 */

export interface ConsentResult {
  /** Buttons clicked, by their text or selector. */
  clicked: string[];
  /** Elements hidden (consent containers, modal overlays). */
  hidden: string[];
  /** Scroll locks (overflow hidden, position fixed on html/body) removed. */
  unlocked: boolean;
}

/**
 * Clicks a CMP's own "reject"/"necessary only" button, else its "accept" button, then hides every
 * consent container and modal overlay (also inside open shadow roots) and lifts the scroll lock they
 * leave behind. `topFrame` false (an iframe): only the known CMP buttons are clicked, nothing hidden.
 */
export function dismissConsent(topFrame: boolean): ConsentResult {
  const CMP_CONTAINERS = [
    "#onetrust-consent-sdk",
    "#onetrust-banner-sdk",
    "#onetrust-pc-sdk",
    ".onetrust-pc-dark-filter",
    "#CybotCookiebotDialog",
    "#CybotCookiebotDialogBodyUnderlay",
    "#usercentrics-root",
    "#usercentrics-cmp-ui",
    "#didomi-host",
    "#didomi-popup",
    ".didomi-popup-backdrop",
    ".qc-cmp2-container",
    "#qc-cmp2-container",
    "#truste-consent-track",
    "#truste-consent-content",
    ".truste_box_overlay",
    ".truste_overlay",
    "#trustarc-banner-overlay",
    "#consent_blackbar",
    "#cmpbox",
    "#cmpbox2",
    ".cmpboxBG",
    "#iubenda-cs-banner",
    ".iubenda-cs-overlay",
    "#cookie-law-info-bar",
    ".cky-consent-container",
    ".cky-overlay",
    "#cc-main",
    ".cc-window",
    ".osano-cm-window",
    "#termly-code-snippet-support",
    "[id^='sp_message_container']",
    "#hs-eu-cookie-confirmation",
    "#cookiescript_injected",
    ".fc-consent-root",
    "#BorlabsCookieBox",
    "#moove_gdpr_cookie_info_bar",
  ];
  const REJECT_BUTTONS = [
    "#onetrust-reject-all-handler",
    ".ot-pc-refuse-all-handler",
    "#CybotCookiebotDialogBodyButtonDecline",
    "[data-testid='uc-deny-all-button']",
    "#didomi-notice-disagree-button",
    ".didomi-continue-without-agreeing",
    ".qc-cmp2-summary-buttons button[mode='secondary']",
    "#truste-consent-required",
    ".cky-btn-reject",
    ".osano-cm-denyAll",
    "#hs-eu-decline-button",
    ".fc-cta-do-not-consent",
    "#cmpbntnotxt",
    "#iubenda-cs-banner .iubenda-cs-reject-btn",
    "[data-cookiefirst-action='reject']",
  ];
  const ACCEPT_BUTTONS = [
    "#onetrust-accept-btn-handler",
    "#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll",
    "#CybotCookiebotDialogBodyButtonAccept",
    "[data-testid='uc-accept-all-button']",
    "#didomi-notice-agree-button",
    ".qc-cmp2-summary-buttons button[mode='primary']",
    "#truste-consent-button",
    ".cky-btn-accept",
    ".osano-cm-acceptAll",
    "#hs-eu-confirmation-button",
    ".fc-cta-consent",
    "#cmpbntyestxt",
    ".iubenda-cs-accept-btn",
    ".cc-allow",
  ];
  const CONSENT_WORDS = /cookie|consent|gdpr|ccpa|datenschutz|einwilligung/i;
  // Words a header or a chat bar may carry too: they only count next to an accept/reject button.
  const PRIVACY_WORDS = /privacy|tracking|personal data|your choices|partners/i;
  const REJECT_WORDS =
    /^(reject|decline|deny|refuse|disagree)|only (necessary|essential|required)|(necessary|essential|required) (cookies )?only|reject all|continue without|ablehnen|nur notwendige|refuser|tout refuser|rechazar|rifiuta/i;
  const ACCEPT_WORDS =
    /^(accept|agree|allow|ok|okay|got it|i understand|i agree|continue|alle akzeptieren|akzeptieren|zustimmen|accepter|tout accepter|aceptar|accetta)/i;
  const CLOSE_WORDS = /^(close|dismiss|no,? thanks|not now|maybe later|skip|×|✕|x)$/i;
  const WALL_WORDS =
    /verify(ing)? (that )?you are (a )?human|are you a robot|just a moment|checking your browser|security check|captcha|press (&|and) hold|access denied/i;

  const result: ConsentResult = { clicked: [], hidden: [], unlocked: false };
  const vw = window.innerWidth;
  const vh = window.innerHeight;

  /** Every element of the document, descending into open shadow roots. */
  const allElements = (root: Document | ShadowRoot): Element[] => {
    const out: Element[] = [];
    const walk = (node: Document | ShadowRoot | Element) => {
      for (const el of Array.from(node.querySelectorAll("*"))) {
        out.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(root);
    return out;
  };
  const queryDeep = (selector: string): Element[] => {
    const out: Element[] = [];
    const roots: (Document | ShadowRoot)[] = [document];
    for (const el of allElements(document)) if (el.shadowRoot) roots.push(el.shadowRoot);
    for (const root of roots) {
      try {
        out.push(...Array.from(root.querySelectorAll(selector)));
      } catch {
        // An invalid selector in this engine: skip it.
      }
    }
    return out;
  };
  const visible = (el: Element): boolean => {
    const rect = el.getBoundingClientRect();
    if (rect.width < 2 || rect.height < 2) return false;
    const style = getComputedStyle(el);
    return style.visibility !== "hidden" && style.display !== "none" && Number(style.opacity) > 0.05;
  };
  const textOf = (el: Element): string =>
    // biome-ignore lint/performance/useDomNodeTextContent: what a visitor sees, without hidden text
    ((el as HTMLElement).innerText ?? el.textContent ?? "").replace(/\s+/g, " ").trim();
  const label = (el: Element): string => {
    const id = el.id ? `#${el.id}` : "";
    const cls =
      typeof el.className === "string" && el.className.trim()
        ? `.${el.className.trim().split(/\s+/)[0]}`
        : "";
    return `${el.tagName.toLowerCase()}${id}${cls}`;
  };
  const click = (el: Element, why: string): boolean => {
    if (!visible(el)) return false;
    (el as HTMLElement).click();
    result.clicked.push(`${why}: ${textOf(el).slice(0, 40) || label(el)}`);
    return true;
  };
  const hide = (el: Element) => {
    if (el.hasAttribute("data-loom-hidden")) return;
    (el as HTMLElement).style.setProperty("display", "none", "important");
    el.setAttribute("data-loom-hidden", "consent");
    result.hidden.push(label(el));
  };
  /** The outermost element (crossing shadow roots) positioned fixed or sticky, or null. */
  const positionedAncestor = (el: Element): Element | null => {
    let found: Element | null = null;
    let node: Element | null = el;
    while (node) {
      const pos = getComputedStyle(node).position;
      if (pos === "fixed" || pos === "sticky") found = node;
      const parent: Element | null = node.parentElement;
      node = parent ?? ((node.getRootNode() as ShadowRoot).host || null);
    }
    return found;
  };
  const shadowHostOf = (el: Element): Element => {
    let node: Element = el;
    for (;;) {
      const root = node.getRootNode();
      if (root instanceof ShadowRoot) node = root.host;
      else return node;
    }
  };

  // 1. A CMP's own buttons: reject first, accept when there is no reject.
  const known = (list: string[]) => list.flatMap(queryDeep).filter(visible);
  const rejectBtn = known(REJECT_BUTTONS)[0];
  const acceptBtn = known(ACCEPT_BUTTONS)[0];
  if (rejectBtn) click(rejectBtn, "reject");
  else if (acceptBtn) click(acceptBtn, "accept");
  if (!topFrame) return result;

  // 2. Generic banners: fixed/sticky boxes that talk about cookies and offer buttons.
  const buttons = allElements(document).filter(
    (el) =>
      (el.matches("button, a, [role=button], input[type=button], input[type=submit]") || false) &&
      visible(el),
  );
  const banners = new Set<Element>();
  for (const button of buttons) {
    const box = positionedAncestor(button);
    if (!box || banners.has(box)) continue;
    const text = textOf(box);
    if (text.length > 3000 || WALL_WORDS.test(text)) continue;
    const choice = buttons.some(
      (b) =>
        (box.contains(b) || shadowHostOf(b) === box) &&
        (REJECT_WORDS.test(textOf(b)) || ACCEPT_WORDS.test(textOf(b))),
    );
    if (!CONSENT_WORDS.test(text) && !(PRIVACY_WORDS.test(text) && choice)) continue;
    banners.add(box);
  }
  for (const box of banners) {
    if (result.clicked.length === 0) {
      const inBox = buttons.filter((b) => box.contains(b) || shadowHostOf(b) === box);
      const reject = inBox.find((b) => REJECT_WORDS.test(textOf(b) || b.getAttribute("aria-label") || ""));
      const accept = inBox.find((b) => ACCEPT_WORDS.test(textOf(b) || b.getAttribute("aria-label") || ""));
      if (reject) click(reject, "reject");
      else if (accept) click(accept, "accept");
    }
    hide(shadowHostOf(box));
  }

  // 3. Known CMP containers, whatever they did after the click.
  for (const el of CMP_CONTAINERS.flatMap(queryDeep)) hide(shadowHostOf(el));

  // 4. Modal overlays: fixed boxes over more than half of the viewport that sit on top of the page.
  const centreHit = document.elementFromPoint(vw / 2, vh / 2);
  for (const el of Array.from(document.querySelectorAll("body *"))) {
    const style = getComputedStyle(el);
    if (style.position !== "fixed" || !visible(el) || el.hasAttribute("data-loom-hidden")) continue;
    const rect = el.getBoundingClientRect();
    const covered =
      (Math.max(0, Math.min(rect.right, vw) - Math.max(rect.left, 0)) *
        Math.max(0, Math.min(rect.bottom, vh) - Math.max(rect.top, 0))) /
      (vw * vh);
    if (covered <= 0.5) continue;
    const onTop = centreHit !== null && (el === centreHit || el.contains(centreHit));
    const text = textOf(el);
    // A human-verification wall stays, so the wall check sees it and the scene is refused.
    if (!onTop || WALL_WORDS.test(text)) continue;
    const close = Array.from(el.querySelectorAll("button, [role=button], a, [aria-label]")).find(
      (b) => visible(b) && CLOSE_WORDS.test(textOf(b) || b.getAttribute("aria-label") || ""),
    );
    // A page built inside a full-screen fixed container is the page, not a modal over it.
    const dialog =
      el.matches("[role=dialog], [aria-modal=true]") ||
      !!el.querySelector("[role=dialog], [aria-modal=true]");
    const backdrop = /rgba\([^)]*,\s*0?\.\d+\)/.test(style.backgroundColor);
    const isPage = !!el.querySelector("main, article") || text.length > 1500;
    if (isPage || !(dialog || backdrop || close || text.length < 600)) continue;
    if (close) click(close, "close");
    hide(el);
  }

  // 5. Scroll locks left on html/body by the banners and modals.
  if (result.hidden.length > 0 || result.clicked.length > 0) {
    for (const el of [document.documentElement, document.body]) {
      if (!el) continue;
      const style = getComputedStyle(el);
      if (style.overflowY === "hidden" || style.overflow === "hidden") {
        el.style.setProperty("overflow", "visible", "important");
        el.style.setProperty("overflow-y", "visible", "important");
        result.unlocked = true;
      }
      if (style.position === "fixed") {
        el.style.setProperty("position", "static", "important");
        el.style.setProperty("top", "auto", "important");
        result.unlocked = true;
      }
    }
  }
  return result;
}
