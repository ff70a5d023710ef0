import { normalizeFieldName, renderMergeFields, type SceneSpec } from "@loom-lite/schema";

/** A merge field at the very start of a URL template supplies scheme and host: `{{website}}/pricing`. */
const LEADING_FIELD = /^\s*\{\{\s*([a-zA-Z0-9_.-]+)\s*(\|[^}]*)?\}\}/;
const ANY_FIELD = /\{\{\s*([a-zA-Z0-9_.-]+)\s*(?:\|[^}]*)?\}\}/g;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

export interface FieldProblem {
  field: string;
  message: string;
}

/** True for an absolute http(s) URL whose host could be on the web (or is a local dev host). */
export function isWebUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  const host = url.hostname;
  return host.includes(".") || host === "localhost" || host.startsWith("[");
}

/** `example.com/` → `https://example.com`; values that already carry a scheme keep it. */
export function normalizeWebsite(value: string): string {
  const trimmed = value.trim();
  const withScheme =
    HAS_SCHEME.test(trimmed) && !/^[^/:]+:\d+/.test(trimmed) ? trimmed : `https://${trimmed}`;
  return withScheme.replace(/\/+$/, "");
}

function findKey(fields: Record<string, string>, name: string): string | undefined {
  const wanted = normalizeFieldName(name);
  return Object.keys(fields).find((k) => normalizeFieldName(k) === wanted);
}

/**
 * Checks one lead against the campaign's scene URLs. Fields that start a URL template are normalised
 * to absolute URLs; every scene URL must then render to a valid http(s) URL. Returns the normalised
 * fields, or the problems, each naming the field to fix.
 */
export function checkLeadFields(
  spec: Pick<SceneSpec, "scenes">,
  input: Record<string, string>,
): { fields: Record<string, string> } | { problems: FieldProblem[] } {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) fields[key.trim()] = value.trim();
  const problems: FieldProblem[] = [];

  spec.scenes.forEach((scene, i) => {
    const leading = LEADING_FIELD.exec(scene.url);
    if (!leading) return;
    const name = leading[1] as string;
    const key = findKey(fields, name);
    const value = key ? fields[key] : undefined;
    if (!value) {
      if (!leading[2]) {
        problems.push({ field: name, message: `required: scene ${i + 1}'s URL starts with {{${name}}}` });
      }
      return;
    }
    const normalised = normalizeWebsite(value);
    if (!isWebUrl(normalised)) {
      problems.push({
        field: key as string,
        message: `"${value}" is not a website address (like example.com)`,
      });
      return;
    }
    fields[key as string] = normalised;
  });
  if (problems.length > 0) return { problems: dedupe(problems) };

  spec.scenes.forEach((scene, i) => {
    const url = renderMergeFields(scene.url, fields);
    if (isWebUrl(url)) return;
    const used = [...scene.url.matchAll(ANY_FIELD)].map((m) => findKey(fields, m[1] as string) ?? m[1]);
    problems.push({
      field: used[0] ?? "fields",
      message: `scene ${i + 1}'s URL becomes "${url}", which is not a valid http(s) URL`,
    });
  });
  return problems.length > 0 ? { problems: dedupe(problems) } : { fields };
}

function dedupe(problems: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${p.field}\u0000${p.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
