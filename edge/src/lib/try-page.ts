import type { SampleView } from "../services/try-it/samples";

/** How often a browser without script reloads the page while its sample is being made. */
const REFRESH_SECONDS = 3;

/** The sample's state in words, the same the island shows. */
export function describeSample(sample: SampleView): string {
  if (sample.state === "queued") {
    return sample.ahead > 0
      ? `Waiting for a render node (${sample.ahead} ahead of you)…`
      : "Waiting for a render node…";
  }
  if (sample.state === "done") return "Your sample is ready.";
  if (sample.state === "failed" || sample.state === "cancelled") {
    return sample.error ?? "The sample could not be made.";
  }
  return sample.firstFrameUrl ? "Filming your site and adding the facecam…" : "Opening your site…";
}

const finished = (sample: SampleView) => ["done", "failed", "cancelled"].includes(sample.state);

/**
 * The static /try/ page (the site build) showing one sample as it stands, for a browser without
 * script: its status, progress, first frame or video, and (until it is finished) a reload every few
 * seconds inside <noscript>, so a browser running the island is never reloaded. The page marks its
 * places with `data-try-*`; HTMLRewriter escapes every value it writes.
 */
export function tryPageWith(page: Response, state: { sample?: SampleView; error?: string }): Response {
  const { sample, error } = state;
  const show = (el: Element) => el.removeAttribute("hidden");
  return new HTMLRewriter()
    .on("head", {
      element(el) {
        if (sample && !finished(sample)) {
          el.append(`<noscript><meta http-equiv="refresh" content="${REFRESH_SECONDS}"></noscript>`, {
            html: true,
          });
        }
      },
    })
    .on("[data-try-error]", {
      element(el) {
        if (!error) return;
        el.setInnerContent(error);
        show(el);
      },
    })
    .on("[data-try-result]", {
      element(el) {
        if (sample) show(el);
      },
    })
    .on("[data-try-status]", {
      element(el) {
        if (sample) el.setInnerContent(describeSample(sample));
      },
    })
    .on("[data-try-progress]", {
      element(el) {
        if (sample) el.setAttribute("value", String(sample.state === "done" ? 1 : sample.progress));
      },
    })
    .on("[data-try-frame]", {
      element(el) {
        if (!sample?.firstFrameUrl || sample.videoUrl) return;
        el.setAttribute("src", sample.firstFrameUrl);
        show(el);
      },
    })
    .on("[data-try-video]", {
      element(el) {
        if (!sample?.videoUrl) return;
        el.setAttribute("src", sample.videoUrl);
        if (sample.posterUrl) el.setAttribute("poster", sample.posterUrl);
        show(el);
      },
    })
    .transform(page);
}
