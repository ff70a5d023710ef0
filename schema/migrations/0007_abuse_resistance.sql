ALTER TABLE "lead_events" ADD COLUMN "dedupe_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "lead_events_lead_dedupe_idx" ON "lead_events" USING btree ("lead_id","dedupe_key");