const MERGE_FIELD = /\{\{\s*([a-zA-Z0-9_.-]+)\s*(?:\|([^}]*))?\}\}/g;

/**
 * Fills `{{field}}` and `{{field|fallback}}` from a lead's fields. Field names match case-insensitively
 * because CSV headers arrive as `First Name`, `first_name` or `FIRST_NAME`.
 */
export function renderMergeFields(template: string, fields: Record<string, string>): string {
  const byKey = new Map(Object.entries(fields).map(([k, v]) => [normalizeFieldName(k), v]));
  return template.replace(MERGE_FIELD, (_, name: string, fallback?: string) => {
    const value = byKey.get(normalizeFieldName(name))?.trim();
    return value ? value : (fallback ?? "").trim();
  });
}

/** Names of the merge fields a template uses, without fallbacks. */
export function mergeFieldNames(template: string): string[] {
  return [...template.matchAll(MERGE_FIELD)].map((m) => m[1] as string);
}

export function normalizeFieldName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}
