/** In-page functions (self-contained) for animations that must keep moving in the video. */

export interface MotionRegion {
  /** Document px, the union of the element's boxes over its motion. */
  rect: { x: number; y: number; width: number; height: number };
  /** One period of the motion in ms (an alternating animation: there and back). */
  periodMs: number;
  kind: "animation" | "video";
  label: string;
}

/**
 * Visible motion that keeps going: running CSS/Web animations that repeat or last more than
 * `minRemainingMs`, and playing videos, inside the first `maxY` document px, not inside a pinned
 * layer. Each animation is paused (the capture seeks it frame by frame); overlapping regions merge.
 */
export function findMotion(args: {
  maxY: number;
  minRemainingMs: number;
  maxPeriodMs: number;
}): MotionRegion[] {
  const regions: MotionRegion[] = [];
  const visibleBox = (el: Element) => {
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none" || Number(style.opacity) < 0.05)
      return null;
    const r = el.getBoundingClientRect();
    if (r.width < 4 || r.height < 4) return null;
    return { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height };
  };
  const union = (a: MotionRegion["rect"], b: MotionRegion["rect"]) => {
    const x = Math.min(a.x, b.x);
    const y = Math.min(a.y, b.y);
    return {
      x,
      y,
      width: Math.max(a.x + a.width, b.x + b.width) - x,
      height: Math.max(a.y + a.height, b.y + b.height) - y,
    };
  };
  const label = (el: Element) =>
    `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : typeof el.className === "string" && el.className.trim() ? `.${el.className.trim().split(/\s+/)[0]}` : ""}`;

  const byElement = new Map<Element, Animation[]>();
  for (const animation of document.getAnimations()) {
    if (animation.playState !== "running") continue;
    const effect = animation.effect as KeyframeEffect | null;
    const target = effect?.target;
    if (!effect || !target || target.closest("[data-loom-pin], [data-loom-hidden]")) continue;
    const timing = effect.getComputedTiming();
    const endTime = Number(timing.endTime);
    const current = Number(animation.currentTime ?? 0);
    if (Number.isFinite(endTime) && endTime - current < args.minRemainingMs) continue;
    const list = byElement.get(target) ?? [];
    list.push(animation);
    byElement.set(target, list);
  }
  for (const [el, animations] of byElement) {
    let periodMs = 0;
    for (const animation of animations) {
      const timing = (animation.effect as KeyframeEffect).getComputedTiming();
      const duration = Number(timing.duration) || 0;
      const alternate = String(timing.direction).includes("alternate");
      periodMs = Math.max(periodMs, duration * (alternate ? 2 : 1));
    }
    if (periodMs <= 0) continue;
    periodMs = Math.min(periodMs, args.maxPeriodMs);
    // The box moves and turns with the animation: take the union over one period.
    const start = animations.map((a) => Number(a.currentTime ?? 0));
    let rect: MotionRegion["rect"] | null = null;
    for (let i = 0; i < 8; i++) {
      animations.forEach((a, j) => {
        a.pause();
        a.currentTime = (start[j] ?? 0) + (periodMs * i) / 8;
      });
      const box = visibleBox(el);
      if (box) rect = rect ? union(rect, box) : box;
    }
    animations.forEach((a, j) => {
      a.currentTime = start[j] ?? 0;
    });
    if (!rect || rect.y > args.maxY) continue;
    regions.push({ rect, periodMs, kind: "animation", label: `animation ${label(el)}` });
  }
  for (const video of Array.from(document.querySelectorAll("video"))) {
    if (
      video.paused ||
      video.ended ||
      video.readyState < 2 ||
      video.closest("[data-loom-pin], [data-loom-hidden]")
    )
      continue;
    const rect = visibleBox(video);
    if (!rect || rect.y > args.maxY) continue;
    const duration = Number.isFinite(video.duration) ? video.duration * 1000 : args.maxPeriodMs;
    video.pause();
    regions.push({
      rect,
      periodMs: Math.min(duration, args.maxPeriodMs),
      kind: "video",
      label: `video ${label(video)}`,
    });
  }
  // Merge overlapping regions: one loop per area of the page.
  const merged: MotionRegion[] = [];
  for (const region of regions) {
    const hit = merged.find(
      (m) =>
        m.rect.x < region.rect.x + region.rect.width &&
        region.rect.x < m.rect.x + m.rect.width &&
        m.rect.y < region.rect.y + region.rect.height &&
        region.rect.y < m.rect.y + m.rect.height,
    );
    if (hit) {
      hit.rect = union(hit.rect, region.rect);
      hit.periodMs = Math.max(hit.periodMs, region.periodMs);
      hit.label += `, ${region.label}`;
      if (region.kind === "video") hit.kind = "video";
    } else merged.push({ ...region });
  }
  return merged;
}

/**
 * Moves every paused animation and video inside `rect` (document px) to `t` ms past where it was
 * paused, and resolves once videos have seeked. Called once per loop frame.
 */
export async function seekMotion(args: {
  rect: { x: number; y: number; width: number; height: number };
  t: number;
}): Promise<void> {
  const w = window as unknown as { __loomMotionStart?: WeakMap<object, number> };
  w.__loomMotionStart ??= new WeakMap();
  const starts = w.__loomMotionStart;
  const inside = (el: Element) => {
    const r = el.getBoundingClientRect();
    const x = r.left + window.scrollX;
    const y = r.top + window.scrollY;
    return (
      x < args.rect.x + args.rect.width &&
      args.rect.x < x + r.width &&
      y < args.rect.y + args.rect.height &&
      args.rect.y < y + r.height
    );
  };
  for (const animation of document.getAnimations()) {
    const target = (animation.effect as KeyframeEffect | null)?.target;
    if (!target || animation.playState !== "paused" || !inside(target)) continue;
    if (!starts.has(animation)) starts.set(animation, Number(animation.currentTime ?? 0));
    animation.currentTime = (starts.get(animation) ?? 0) + args.t;
  }
  const seeks: Promise<unknown>[] = [];
  for (const video of Array.from(document.querySelectorAll("video"))) {
    if (!video.paused || !inside(video)) continue;
    if (!starts.has(video)) starts.set(video, video.currentTime * 1000);
    const target = ((starts.get(video) ?? 0) + args.t) / 1000;
    const time = Number.isFinite(video.duration) && video.duration > 0 ? target % video.duration : target;
    seeks.push(
      new Promise((resolve) => {
        video.addEventListener("seeked", resolve, { once: true });
        setTimeout(resolve, 1000);
        video.currentTime = time;
      }),
    );
  }
  // No frame wait: the screenshot that follows renders a fresh frame with the new times.
  await Promise.all(seeks);
}

/**
 * Stops every animation where it is (finite ones jump to their end) and pauses videos, so the
 * background and the loops agree on one instant.
 */
export function freezeMotion(): void {
  for (const animation of document.getAnimations()) {
    const end = Number(animation.effect?.getComputedTiming().endTime);
    try {
      if (Number.isFinite(end)) animation.finish();
      else animation.pause();
    } catch {
      animation.pause();
    }
  }
  for (const video of Array.from(document.querySelectorAll("video"))) video.pause();
}

/**
 * Pauses the repeating animations inside the elements matching `selector` (a fixed layer) and returns
 * their period in ms (0: nothing moves there), so the layer can be recorded as a loop with `seekMotion`.
 */
export function pauseMotionIn(args: { selector: string; maxPeriodMs: number }): number {
  let periodMs = 0;
  for (const root of Array.from(document.querySelectorAll(args.selector))) {
    for (const animation of root.getAnimations({ subtree: true })) {
      if (animation.playState !== "running") continue;
      const timing = animation.effect?.getComputedTiming();
      if (!timing || Number.isFinite(Number(timing.endTime))) continue;
      const alternate = String(timing.direction).includes("alternate");
      periodMs = Math.max(periodMs, (Number(timing.duration) || 0) * (alternate ? 2 : 1));
      animation.pause();
    }
  }
  return Math.min(periodMs, args.maxPeriodMs);
}

/** Visible canvases (document px) in the first `maxY` px, outside pinned layers: candidates for motion. */
export function findCanvases(args: {
  maxY: number;
  minSize: number;
}): { x: number; y: number; width: number; height: number }[] {
  const out: { x: number; y: number; width: number; height: number }[] = [];
  for (const canvas of Array.from(document.querySelectorAll("canvas"))) {
    if (canvas.closest("[data-loom-pin], [data-loom-hidden]")) continue;
    const style = getComputedStyle(canvas);
    if (style.visibility === "hidden" || style.display === "none" || Number(style.opacity) < 0.05) continue;
    const r = canvas.getBoundingClientRect();
    if (r.width < args.minSize || r.height < args.minSize) continue;
    const y = r.top + window.scrollY;
    if (y > args.maxY) continue;
    out.push({ x: r.left + window.scrollX, y, width: r.width, height: r.height });
  }
  return out;
}
