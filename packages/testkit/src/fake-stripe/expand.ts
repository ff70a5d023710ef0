/**
 * `expand[]` (https://docs.stripe.com/api/expanding_objects): each dotted path replaces an id by its
 * object, walking into lists through `data`. Paths that already hold objects (such as
 * `items.data.price`) are accepted as they are; a path to anything else is refused as Stripe refuses it.
 */
import { invalidParam } from "./errors";

type Lookup = (id: string) => unknown;

function expandPath(value: unknown, path: string[], lookup: Lookup, full: string): unknown {
  if (path.length === 0) return value;
  if (Array.isArray(value)) return value.map((entry) => expandPath(entry, path, lookup, full));
  if (typeof value !== "object" || value === null) {
    throw invalidParam("expand", `This property cannot be expanded (${full}).`);
  }
  const [head, ...rest] = path as [string, ...string[]];
  const record = value as Record<string, unknown>;
  if (!(head in record)) throw invalidParam("expand", `This property cannot be expanded (${full}).`);
  let next = record[head];
  if (typeof next === "string") {
    const found = lookup(next);
    if (found === undefined) throw invalidParam("expand", `This property cannot be expanded (${full}).`);
    next = JSON.parse(JSON.stringify(found));
  }
  if (next === null) return value;
  return { ...record, [head]: expandPath(next, rest, lookup, full) };
}

export function expandObject(body: unknown, paths: string[], lookup: Lookup): unknown {
  let result = body;
  for (const full of paths) {
    const parts = full.split(".");
    if (parts.length > 4) {
      throw invalidParam("expand", `You cannot expand more than 4 levels of a property (${full}).`);
    }
    result = expandPath(result, parts, lookup, full);
  }
  return result;
}
