import { invalidParam, missingParam } from "./errors";

/** A form body parsed by `qs`: strings, nested objects and arrays (Stripe's bracket notation). */
export type FormValue = string | FormValue[] | { [key: string]: FormValue | undefined };
export type Form = { [key: string]: FormValue | undefined };

/** Reads typed values out of a parsed form, answering Stripe's 400 with the offending `param` name. */
export class Params {
  constructor(
    private readonly form: Form,
    private readonly prefix = "",
  ) {}

  private name(key: string) {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  has(key: string): boolean {
    return this.form[key] !== undefined;
  }

  string(key: string): string | undefined {
    const value = this.form[key];
    if (value === undefined) return undefined;
    if (typeof value !== "string") throw invalidParam(this.name(key), `Invalid string: ${this.name(key)}`);
    return value;
  }

  requiredString(key: string): string {
    const value = this.string(key);
    if (value === undefined || value === "") throw missingParam(this.name(key));
    return value;
  }

  /** An http(s) URL, as Stripe requires for success_url, cancel_url and return_url. */
  url(key: string): string | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    let parsed: URL | undefined;
    try {
      parsed = new URL(value);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
      throw invalidParam(this.name(key), "Not a valid URL", "url_invalid");
    }
    return value;
  }

  integer(key: string): number | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value)) {
      throw invalidParam(this.name(key), `Invalid integer: ${value}`, "parameter_invalid_integer");
    }
    return Number(value);
  }

  boolean(key: string): boolean | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (value !== "true" && value !== "false") {
      throw invalidParam(this.name(key), `Invalid boolean: ${value}`);
    }
    return value === "true";
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      throw invalidParam(this.name(key), `Invalid ${this.name(key)}: must be one of ${allowed.join(", ")}`);
    }
    return value as T;
  }

  /** A nested hash such as `subscription_data[...]`, read with the same rules. */
  nested(key: string): Params | undefined {
    const value = this.form[key];
    if (value === undefined) return undefined;
    if (typeof value !== "object" || Array.isArray(value)) {
      throw invalidParam(this.name(key), `Invalid object: ${this.name(key)}`);
    }
    return new Params(value, this.name(key));
  }

  /** An array such as `line_items[0][price]`; qs gives an array, or an object keyed by index past its limit. */
  list(key: string): Params[] {
    const value = this.form[key];
    if (value === undefined) return [];
    const entries = Array.isArray(value) ? value : typeof value === "object" ? Object.values(value) : null;
    if (!entries) throw invalidParam(this.name(key), `Invalid array: ${this.name(key)}`);
    return entries.map((entry, index) => {
      if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
        throw invalidParam(`${this.name(key)}[${index}]`, `Invalid object: ${this.name(key)}[${index}]`);
      }
      return new Params(entry, `${this.name(key)}[${index}]`);
    });
  }

  /** `expand[]=a&expand[]=b`, the way the SDK sends it. */
  strings(key: string): string[] {
    const value = this.form[key];
    if (value === undefined) return [];
    const entries = Array.isArray(value) ? value : typeof value === "object" ? Object.values(value) : [value];
    return entries.map((entry) => {
      if (typeof entry !== "string") throw invalidParam(this.name(key), `Invalid array: ${this.name(key)}`);
      return entry;
    });
  }

  /** `metadata[key]=value` pairs; Stripe allows 50 keys of up to 40 characters, values up to 500. */
  metadata(key = "metadata"): Record<string, string> | undefined {
    const value = this.form[key];
    if (value === undefined) return undefined;
    // The SDK sends `metadata=` (an empty string) to clear all keys.
    if (value === "") return {};
    if (typeof value !== "object" || Array.isArray(value)) {
      throw invalidParam(this.name(key), `Invalid hash: ${this.name(key)}`);
    }
    const result: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v !== "string" || k.length > 40 || v.length > 500) {
        throw invalidParam(`${this.name(key)}[${k}]`, `Invalid metadata: ${this.name(key)}[${k}]`);
      }
      result[k] = v;
    }
    if (Object.keys(result).length > 50)
      throw invalidParam(this.name(key), "Metadata can have at most 50 keys.");
    return result;
  }
}

/** Stripe's metadata update rule: given keys are set, keys set to "" are removed, others stay. */
export function mergeMetadata(current: Record<string, string>, update: Record<string, string> | undefined) {
  if (update === undefined) return current;
  if (Object.keys(update).length === 0) return {};
  const merged = { ...current };
  for (const [k, v] of Object.entries(update)) {
    if (v === "") delete merged[k];
    else merged[k] = v;
  }
  return merged;
}
