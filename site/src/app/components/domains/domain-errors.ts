import { ApiError } from "../../api/client";

/** What went wrong adding a hostname, in words that say what to do. */
export function describeAddError(error: unknown, hostname: string): string | null {
  if (!error) return null;
  if (error instanceof ApiError) {
    if (error.status === 409)
      return `${hostname} is already in use by a workspace. Remove it there first, or pick another hostname.`;
    if (error.status === 400)
      return `“${hostname}” is not a hostname you can use: enter a name like video.yourcompany.com (no https://, no path). ${error.message}`;
    if (error.status === 403) return "Only owners and admins can add domains.";
  }
  return error instanceof Error ? error.message : String(error);
}

/** Strips what people paste along with a hostname: a scheme, a path, a trailing dot. */
export function cleanHostname(input: string): string {
  return input
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, "")
    .replace(/[/?#].*$/, "")
    .replace(/\.$/, "");
}
