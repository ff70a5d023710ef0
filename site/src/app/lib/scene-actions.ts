import type { SceneAction } from "@loom-lite/schema";

export type ActionType = SceneAction["type"];

/** One action as the editor holds it: typed text, checked as it is typed, turned into the spec's on save. */
export interface ActionDraft {
  type: ActionType;
  /** CSS selector (hover, click, highlight); for a scroll "bottom", "top", a selector or pixels (+400). */
  target: string;
  /** Kept as typed; empty means the default length. */
  seconds: string;
}

/** What each action is called on screen and what its target field asks for. */
export const ACTION_WORDS: Record<ActionType, { label: string; target?: string; placeholder?: string }> = {
  scroll: { label: "Scroll", target: "Scroll to", placeholder: "bottom, top, #pricing or +400" },
  hover: { label: "Point at", target: "Element to point at", placeholder: "a.pricing" },
  click: { label: "Click", target: "Element to click", placeholder: "#signup" },
  highlight: { label: "Highlight", target: "Element to highlight", placeholder: "h1" },
  wait: { label: "Wait" },
};

/** Longest seconds the contract allows per action type (schema/src/contracts/scene.ts). */
const MAX_SECONDS: Record<ActionType, number> = {
  scroll: 600,
  hover: 60,
  click: 60,
  highlight: 60,
  wait: 600,
};

const PIXELS = /^[+-]?\d+$/;

export const emptyAction = (type: ActionType): ActionDraft => ({
  type,
  target: type === "scroll" ? "bottom" : "",
  seconds: type === "wait" ? "1" : "",
});

export function toDraftAction(action: SceneAction): ActionDraft {
  const seconds = action.seconds === undefined ? "" : String(action.seconds);
  if ("selector" in action) return { type: action.type, target: action.selector, seconds };
  if (action.type === "scroll") {
    const target =
      action.to ?? (action.by === undefined ? "bottom" : `${action.by >= 0 ? "+" : ""}${action.by}`);
    return { type: "scroll", target, seconds };
  }
  return { type: "wait", target: "", seconds };
}

/** The spec's action; call only for a draft without a problem. */
export function toSpecAction(draft: ActionDraft): SceneAction {
  const seconds = Number.parseFloat(draft.seconds);
  const timed = Number.isFinite(seconds) ? { seconds } : {};
  const target = draft.target.trim();
  switch (draft.type) {
    case "wait":
      return { type: "wait", seconds };
    case "scroll":
      return PIXELS.test(target)
        ? { type: "scroll", by: Number.parseInt(target, 10), ...timed }
        : { type: "scroll", to: target || "bottom", ...timed };
    default:
      return { type: draft.type, selector: target, ...timed };
  }
}

/** What is wrong with an action as typed, in the editor's words; null when it can be saved. */
export function actionProblem(draft: ActionDraft): string | null {
  const words = ACTION_WORDS[draft.type];
  const target = draft.target.trim();
  if (draft.type !== "wait" && draft.type !== "scroll") {
    if (!target) return `${words.target}: write the CSS selector of the element, e.g. ${words.placeholder}.`;
    const problem = selectorProblem(target);
    if (problem) return `${words.target}: ${problem}`;
  }
  if (draft.type === "scroll" && target && !["bottom", "top"].includes(target) && !PIXELS.test(target)) {
    const problem = selectorProblem(target);
    if (problem) return `${words.target}: ${problem} Or write bottom, top or a distance such as +400.`;
  }
  const text = draft.seconds.trim();
  if (!text) return draft.type === "wait" ? "Wait: say for how many seconds." : null;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) return `${words.label}: seconds must be a number above 0.`;
  if (seconds > MAX_SECONDS[draft.type]) {
    return `${words.label}: at most ${MAX_SECONDS[draft.type]} seconds.`;
  }
  return null;
}

/**
 * Whether the browser can use `selector`: the render node's Chromium runs `querySelector` with it, so
 * the dashboard's browser parses it the same way. Merge fields stand for a word until a lead fills them.
 */
function selectorProblem(selector: string): string | null {
  if (selector.length > 2048) return "the selector is longer than 2,048 characters.";
  const sample = selector.replace(/\{\{[^}]*\}\}/g, "x");
  if (/\{\{|\}\}/.test(sample)) return `“${selector}” has an unclosed merge field; write {{field}}.`;
  try {
    document.createDocumentFragment().querySelector(sample);
    return null;
  } catch {
    return `“${selector}” is not a CSS selector the browser understands.`;
  }
}
