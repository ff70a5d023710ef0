import spec from "../../../schema/openapi.json";

/**
 * The API reference's content, read from schema/openapi.json (the contract the edge's route
 * declarations generate) at build time: operations grouped by tag, each with its parameters, the
 * top-level fields of its request body and its answers.
 */
type Json = Record<string, unknown>;
interface Schema extends Json {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  description?: string;
  nullable?: boolean;
}

export interface Field {
  name: string;
  type: string;
  required: boolean;
  description: string;
}

export interface Operation {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  auth: string;
  parameters: (Field & { in: string })[];
  body: { contentType: string; fields: Field[]; type: string } | null;
  responses: { status: string; description: string }[];
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;
const components = (spec.components?.schemas ?? {}) as unknown as Record<string, Schema>;

function resolve(schema: Schema | undefined): Schema {
  if (!schema?.$ref) return schema ?? {};
  return components[schema.$ref.split("/").pop() ?? ""] ?? {};
}

/** A short type label: `string`, `"a" | "b"`, `Campaign[]`, `integer | null`. */
export function typeLabel(schema: Schema | undefined): string {
  if (!schema) return "any";
  if (schema.$ref) return schema.$ref.split("/").pop() ?? "object";
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return [...new Set(alternatives.map(typeLabel))].join(" | ");
  if (schema.type === "array") return `${typeLabel(schema.items)}[]`;
  const base = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "object");
  return schema.nullable ? `${base} | null` : base;
}

function fieldsOf(schema: Schema): Field[] {
  const resolved = resolve(schema);
  return Object.entries(resolved.properties ?? {}).map(([name, s]) => ({
    name,
    type: typeLabel(s),
    required: (resolved.required ?? []).includes(name),
    description: s.description ?? resolve(s).description ?? "",
  }));
}

function operationOf(path: string, method: string, op: Json): Operation {
  const security = (op.security as Json[] | undefined) ?? [];
  const schemes = security.flatMap((s) => Object.keys(s));
  const body = op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined;
  const [contentType, media] = Object.entries(body?.content ?? {})[0] ?? [];
  return {
    id: String(op.operationId ?? `${method}-${path}`),
    method: method.toUpperCase(),
    path,
    summary: String(op.summary ?? ""),
    description: String(op.description ?? ""),
    auth: schemes.length ? schemes.join(" or ") : "none",
    parameters: ((op.parameters as Json[] | undefined) ?? []).map((p) => ({
      name: String(p.name),
      in: String(p.in),
      type: typeLabel(p.schema as Schema),
      required: Boolean(p.required),
      description: String(p.description ?? (p.schema as Schema | undefined)?.description ?? ""),
    })),
    body: contentType
      ? { contentType, fields: fieldsOf(media?.schema ?? {}), type: typeLabel(media?.schema) }
      : null,
    responses: Object.entries((op.responses as Record<string, Json>) ?? {}).map(([status, r]) => ({
      status,
      description: String(r.description ?? ""),
    })),
  };
}

export function apiReference(): {
  title: string;
  description: string;
  tags: { name: string; operations: Operation[] }[];
} {
  const byTag = new Map<string, Operation[]>();
  for (const [path, item] of Object.entries(spec.paths as Record<string, Json>)) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const tag = ((op.tags as string[] | undefined) ?? ["Other"])[0] ?? "Other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationOf(path, method, op)]);
    }
  }
  return {
    title: spec.info.title,
    description: spec.info.description ?? "",
    tags: [...byTag.entries()].map(([name, operations]) => ({ name, operations })),
  };
}
