import { renders } from "@loom-lite/schema/db";
import { newId } from "../../src/lib/ids";
import { withDb } from "./db";

type RenderRow = typeof renders.$inferInsert;

/** A render row as the queue would have left it; unset columns take the table's defaults (a queued render). */
export type RenderSeed = Pick<RenderRow, "workspaceId" | "campaignId" | "leadId"> & Partial<RenderRow>;

/** The columns of a render the node finished. */
export const FINISHED = { state: "done", progress: 1 } as const satisfies Partial<RenderRow>;

/** Inserts renders the API cannot create in that state; returns their ids (a fresh `rnd_…` unless given). */
/** A render the node finished for `lead`, in `campaign` of `owner`'s workspace; `extra` adds columns. */
export function finishedRender(
  owner: { workspaceId: string },
  campaign: { id: string },
  lead: { id: string },
  extra: Partial<RenderRow> = {},
): RenderSeed {
  return { workspaceId: owner.workspaceId, campaignId: campaign.id, leadId: lead.id, ...FINISHED, ...extra };
}

export async function seedRenders(seeds: RenderSeed[]): Promise<string[]> {
  const rows = seeds.map((seed) => ({ id: newId("rnd"), ...seed }));
  await withDb((db) => db.insert(renders).values(rows));
  return rows.map((row) => row.id);
}

export async function seedRender(seed: RenderSeed): Promise<string> {
  const [id] = await seedRenders([seed]);
  return id as string;
}
