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

/** The selectors whose boxes the capture must measure for these (filled) actions. */
export function actionSelectors(actions: readonly SceneAction[]): string[] {
  const selectors = new Set<string>();
  for (const action of actions) {
    if ("selector" in action) selectors.add(action.selector);
    else if (action.type === "scroll" && action.to !== undefined && !NOT_SELECTORS.has(action.to)) {
      selectors.add(action.to);
    }
  }
  return [...selectors];
}
