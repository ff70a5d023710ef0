import { renderMergeFields, type SceneAction } from "@loom-lite/schema";

const NOT_SELECTORS = new Set(["bottom", "top"]);

/** The scene's actions with merge fields filled into their selectors, as targets are keyed. */
export function fillActionSelectors(
  actions: readonly SceneAction[],
  fields: Record<string, string>,
): SceneAction[] {
  return actions.map((action) => {
    if ("selector" in action)
      return { ...action, selector: renderMergeFields(action.selector, fields).trim() };
    if (action.type === "scroll" && action.to !== undefined && !NOT_SELECTORS.has(action.to)) {
      return { ...action, to: renderMergeFields(action.to, fields).trim() };
    }
    return action;
  });
}
