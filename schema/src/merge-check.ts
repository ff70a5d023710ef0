import type { LandingSettings, Scene } from "./contracts/scene";
import { STANDARD_LEAD_FIELDS } from "./lead-columns";
import { mergeFieldNames, normalizeFieldName } from "./merge";

/** Where a template sits in a campaign (`["spec", "scenes", 0, "url"]`) and a merge field it names. */
export interface MergeFieldUse {
  path: (string | number)[];
  field: string;
}

export interface MergeFieldProblem extends MergeFieldUse {
  /** The campaign's column the name is closest to, when one is close enough to be a typo. */
  suggestion?: string;
  /** Says what is wrong and what to do, without the path (the caller words the place). */
  message: string;
}

type ScenesPart = { scenes: Array<Pick<Scene, "url" | "actions" | "overlays">> };
type LandingPart = Pick<LandingSettings, "headline" | "message">;

/** Every merge field a campaign's scenes and landing texts name, with where each one is written. */
export function mergeFieldUses(input: { spec?: ScenesPart; landing?: LandingPart }): MergeFieldUse[] {
  const uses: MergeFieldUse[] = [];
  const add = (path: MergeFieldUse["path"], template: string | undefined) => {
    if (template) for (const field of mergeFieldNames(template)) uses.push({ path, field });
  };
  input.spec?.scenes.forEach((scene, i) => {
    add(["spec", "scenes", i, "url"], scene.url);
    scene.actions.forEach((action, j) => {
      if ("selector" in action) add(["spec", "scenes", i, "actions", j, "selector"], action.selector);
      if (action.type === "scroll") add(["spec", "scenes", i, "actions", j, "to"], action.to);
    });
    scene.overlays.forEach((overlay, k) => {
      add(["spec", "scenes", i, "overlays", k, "text"], overlay.text);
    });
  });
  add(["landing", "headline"], input.landing?.headline);
  add(["landing", "message"], input.landing?.message);
  return uses;
}

/**
 * The merge fields a campaign can use: the columns of its leads once it has some; before that the
 * standard lead columns plus those its saved scenes and texts already name (accepted when saved, so
 * a later edit is not refused for them). `declared` adds columns the rep says the lead list will
 * carry (a custom column typed on purpose). Names are normalised as merge fields are matched.
 */
export function campaignColumns(input: {
  leadColumns: Iterable<string>;
  saved?: MergeFieldUse[];
  declared?: Iterable<string>;
}): Set<string> {
  const fromLeads = [...input.leadColumns];
  const base =
    fromLeads.length > 0 ? fromLeads : [...STANDARD_LEAD_FIELDS, ...(input.saved ?? []).map((u) => u.field)];
  return new Set([...base, ...(input.declared ?? [])].map(normalizeFieldName));
}

/**
 * The columns to offer as merge fields (the editor's insert chips): the campaign's columns as
 * `campaignColumns` gives them, standard columns first in their usual order, then custom ones A–Z.
 */
export function mergeFieldChoices(columns: Iterable<string>): string[] {
  const all = new Set([...columns].map(normalizeFieldName));
  const standard = STANDARD_LEAD_FIELDS.filter((f) => all.has(f));
  const custom = [...all].filter((f) => !STANDARD_LEAD_FIELDS.includes(f)).sort();
  return [...standard, ...custom];
}

/**
 * The uses whose field is no column of the campaign, each with the closest column when the name looks
 * like a typo of one (`webiste` → `website`). `hasLeads` words the message: a campaign with leads
 * is checked against its leads' columns, one without against the standard columns.
 */
export function checkMergeFields(
  uses: MergeFieldUse[],
  columns: Set<string>,
  hasLeads: boolean,
): MergeFieldProblem[] {
  return uses
    .filter((use) => !columns.has(normalizeFieldName(use.field)))
    .map((use) => {
      const suggestion = closestColumn(use.field, columns);
      const what = hasLeads
        ? `{{${use.field}}} is not a column of this campaign's leads`
        : `{{${use.field}}} is not a standard lead column`;
      const next = suggestion
        ? `did you mean {{${suggestion}}}?`
        : hasLeads
          ? `their columns are ${[...columns].join(", ")}`
          : `add it as a column your CSV will have, or use one of ${[...columns].join(", ")}`;
      return { ...use, ...(suggestion ? { suggestion } : {}), message: `${what}; ${next}` };
    });
}

/** The column within a third of the name's length in edits (a swap counts once), nearest first. */
export function closestColumn(name: string, columns: Iterable<string>): string | undefined {
  const wanted = normalizeFieldName(name);
  const limit = Math.max(1, Math.floor(wanted.length / 3));
  let best: { column: string; distance: number } | undefined;
  for (const column of columns) {
    const distance = editDistance(wanted, column);
    if (distance <= limit && (!best || distance < best.distance)) best = { column, distance };
  }
  return best?.column;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = d;
    }
  }
  return at(a.length, b.length);
}
