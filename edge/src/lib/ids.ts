import { customAlphabet } from "nanoid";

const ALPHABET = "0123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
const random = customAlphabet(ALPHABET, 16);
const unguessable = customAlphabet(ALPHABET, 22);

export type IdPrefix =
  | "ws"
  | "cmp"
  | "ld"
  | "rnd"
  | "ast"
  | "key"
  | "nd"
  | "lease"
  | "req"
  | "inv"
  | "eml"
  | "use"
  | "whk"
  | "whd"
  | "evt"
  | "dom"
  | "cr";

/** Type-prefixed id, e.g. `cmp_4fJ9…`, so a stray id in a log says what it is. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${random()}`;
}

/** ~130 bits of randomness: for landing slugs and secrets that must not be guessed. */
export function unguessableToken(length = 22): string {
  return length === 22 ? unguessable() : customAlphabet(ALPHABET, length)();
}
