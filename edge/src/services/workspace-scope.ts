import type { Db } from "../lib/db";

declare const boundByAuth: unique symbol;

/**
 * The database and the one workspace a request may act in. Only the auth middleware's `bindWorkspace`
 * makes one (from the checked principal), so a workspace service cannot be called with an id taken
 * from anywhere else.
 */
export interface WorkspaceScope {
  readonly db: Db;
  readonly workspaceId: string;
  readonly [boundByAuth]: true;
}
