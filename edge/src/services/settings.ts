import { systemSettings } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import type { Db } from "../lib/db";

export interface SystemSettings {
  globalRenderCap: number;
}

const SETTINGS_ROW = 1;

/** The platform settings; the row is created with its defaults the first time anyone asks. */
export async function getSystemSettings(db: Db): Promise<SystemSettings> {
  const [row] = await db
    .select({ globalRenderCap: systemSettings.globalRenderCap })
    .from(systemSettings)
    .where(eq(systemSettings.id, SETTINGS_ROW));
  if (row) return row;
  const [created] = await db
    .insert(systemSettings)
    .values({ id: SETTINGS_ROW })
    .onConflictDoUpdate({ target: systemSettings.id, set: { id: SETTINGS_ROW } })
    .returning({ globalRenderCap: systemSettings.globalRenderCap });
  if (!created) throw new Error("system_settings row could not be created");
  return created;
}

export async function updateSystemSettings(db: Db, patch: SystemSettings): Promise<SystemSettings> {
  const [row] = await db
    .insert(systemSettings)
    .values({ id: SETTINGS_ROW, globalRenderCap: patch.globalRenderCap })
    .onConflictDoUpdate({
      target: systemSettings.id,
      set: { globalRenderCap: patch.globalRenderCap, updatedAt: new Date() },
    })
    .returning({ globalRenderCap: systemSettings.globalRenderCap });
  if (!row) throw new Error("system_settings row could not be written");
  return row;
}
