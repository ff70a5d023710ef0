import { renderMergeFields, type Scene } from "@loom-lite/schema";

/** The CSS selectors a scene's actions point at, merge fields filled, each once. */
export function actionSelectors(scene: Pick<Scene, "actions">, fields: Record<string, string>): string[] {
  const selectors = new Set<string>();
  for (const action of scene.actions) {
    const raw =
      action.type === "hover" || action.type === "click" || action.type === "highlight"
        ? action.selector
        : action.type === "scroll" && action.to && action.to !== "bottom" && action.to !== "top"
          ? action.to
          : undefined;
    const selector = raw ? renderMergeFields(raw, fields).trim() : "";
    if (selector) selectors.add(selector);
  }
  return [...selectors];
}
