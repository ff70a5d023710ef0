import { useEffect, useState } from "react";

/** How long a page may take to load in the preview before the fallback note replaces "Loading". */
const LOAD_TIMEOUT_MS = 8000;

type FrameState = "loading" | "loaded" | "timeout";

/**
 * A lead's page loaded live in a sandboxed frame at the video's size (1280×720), scaled down to a 16:9
 * thumbnail. Scripts run (pages need them to draw) but the page gets no access to the dashboard's
 * origin, cannot navigate it and cannot open popups. Not lazy-loaded: the load timeout must measure the
 * page, not whether the rep has scrolled to it.
 */
export function SceneFrame({ url, title }: { url: string; title: string }) {
  const [state, setState] = useState<FrameState>("loading");
  const valid = /^https?:\/\//i.test(url);

  // Mounted anew (keyed by the URL) whenever the URL changes, so "loading" starts over with it.
  useEffect(() => {
    if (!valid) return;
    const timer = setTimeout(() => setState((s) => (s === "loading" ? "timeout" : s)), LOAD_TIMEOUT_MS);
    return () => clearTimeout(timer);
  }, [valid]);

  if (!valid) {
    return (
      <p className="alert error" role="alert">
        “{url || "(empty)"}” is not a web address, so this scene cannot be recorded for this lead.
      </p>
    );
  }
  return (
    <div className="stack">
      <div className="scene-frame" data-state={state}>
        <iframe
          src={url}
          title={title}
          sandbox="allow-scripts"
          referrerPolicy="no-referrer"
          tabIndex={-1}
          onLoad={() => setState("loaded")}
        />
      </div>
      <p className="hint" aria-live="polite">
        {state === "loading" && "Opening the page…"}
        {state === "loaded" &&
          "The page as it looks now. If it stays blank, the site refuses to be shown inside other pages; the video is still recorded."}
        {state === "timeout" &&
          "The page did not load here in 8 s: the site may refuse to be shown inside other pages, or be slow. The render opens it in its own browser, so the video is still recorded."}
      </p>
    </div>
  );
}
