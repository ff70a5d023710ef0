import { campaignColumns, checkMergeFields, type MergeFieldUse, mergeFieldChoices } from "@loom-lite/schema";
import { ApiError } from "../../api/client";
import { apiFieldProblems } from "../../lib/field-paths";
import type { FieldIssue } from "../form/FieldProblems";
import type { SceneDraft } from "../ScenesEditor";

/**
 * The merge-field problems of what the rep is typing, by the rule the API applies (schema's
 * merge-check): each beside its field, with "Use {{website}}" for a typo of a column and, before the
 * campaign has leads, a way to declare a custom column the CSV will have.
 */
export function mergeFieldIssues(input: {
  uses: MergeFieldUse[];
  leadColumns: string[];
  saved?: MergeFieldUse[];
  declared: string[];
  onReplace: (path: MergeFieldUse["path"], from: string, to: string) => void;
  onDeclare: (field: string) => void;
}): FieldIssue[] {
  const hasLeads = input.leadColumns.length > 0;
  const columns = campaignColumns(input);
  return checkMergeFields(input.uses, columns, hasLeads).map((p) => ({
    path: p.path.join("."),
    message: p.message,
    fix: p.suggestion
      ? {
          label: `Use {{${p.suggestion}}}`,
          apply: () => input.onReplace(p.path, p.field, p.suggestion as string),
        }
      : hasLeads
        ? undefined
        : { label: `My CSV will have a “${p.field}” column`, apply: () => input.onDeclare(p.field) },
  }));
}

/** The columns the editor offers as insert chips: exactly those the check above accepts. */
export function insertableColumns(input: {
  leadColumns: string[];
  saved?: MergeFieldUse[];
  declared: string[];
}): string[] {
  return mergeFieldChoices(campaignColumns(input));
}

/** The fields an API error names, to show beside them. */
export function apiIssues(error: unknown): FieldIssue[] {
  if (!(error instanceof ApiError)) return [];
  return apiFieldProblems(error.message);
}

/** `template` with the merge field `from` renamed `to`, its spacing and fallback kept. */
export function renameMergeField(template: string, from: string, to: string): string {
  const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return template.replace(
    new RegExp(`\\{\\{(\\s*)${escaped}(\\s*(?:\\|[^}]*)?)\\}\\}`, "g"),
    (_, before: string, after: string) => `{{${before}${to}${after}}}`,
  );
}

/** Applies a rename at a scene path (`spec.scenes.0.url`, `…overlays.1.text`, `…actions.2.selector`). */
export function renameInScenes(
  drafts: SceneDraft[],
  path: MergeFieldUse["path"],
  from: string,
  to: string,
): SceneDraft[] {
  const [, , sceneIndex, part, index, key] = path;
  return drafts.map((draft, i) => {
    if (i !== sceneIndex) return draft;
    const rename = (text: string) => renameMergeField(text, from, to);
    if (part === "url") return { ...draft, url: rename(draft.url) };
    if (part === "overlays") {
      return {
        ...draft,
        overlays: draft.overlays.map((o, k) => (k === index ? { ...o, text: rename(o.text) } : o)),
      };
    }
    if (part === "actions" && typeof index === "number") {
      // The editor keeps the scroll to the bottom apart; in the spec it comes first.
      const j = index - (draft.scroll ? 1 : 0);
      return {
        ...draft,
        // A draft keeps a selector and a scroll target alike as its typed `target`.
        actions: draft.actions.map((a, k) =>
          k === j && key !== undefined ? { ...a, target: rename(a.target) } : a,
        ),
      };
    }
    return draft;
  });
}
