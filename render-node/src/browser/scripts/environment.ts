/**
 * Runs in every frame before the page's own scripts.
 * - `__name`: tsx and vitest compile this package with esbuild, which wraps named functions in a
 *   `__name` helper; functions passed to `evaluate` carry that call into the page.
 * - Visibility and focus: embeds that wait for a visible, focused document (scheduling and form
 *   widgets, chat launchers) draw at once instead of waiting for a person to look at the tab.
 * - WebRTC removed: STUN and ICE send UDP beside the egress proxy, to any address the page names
 *   (Chromium's IP-handling flags did not stop that in headless mode).
 * - `window.open` answers null, as a popup blocker does. A popup shares its opener's renderer, and while
 *   Playwright holds a new window paused at its start Chromium draws "Debugger paused in another tab"
 *   over the page being captured (seen in captures of a page that opens windows on a loaded machine).
 */
export const PAGE_ENVIRONMENT = `(() => {
  if (typeof globalThis.__name !== "function") {
    Object.defineProperty(globalThis, "__name", { value: (fn) => fn, configurable: true, writable: true });
  }
  try {
    Object.defineProperty(Document.prototype, "visibilityState", { get: () => "visible", configurable: true });
    Object.defineProperty(Document.prototype, "hidden", { get: () => false, configurable: true });
    Document.prototype.hasFocus = () => true;
  } catch {}
  try {
    Object.defineProperty(globalThis, "open", { value: () => null, configurable: false, writable: false });
  } catch {}
  for (const name of ["RTCPeerConnection", "webkitRTCPeerConnection", "RTCDataChannel", "RTCIceTransport"]) {
    try { delete globalThis[name]; } catch {}
    try { Object.defineProperty(globalThis, name, { value: undefined, configurable: false, writable: false }); } catch {}
  }
})();`;
