ALTER TABLE "renders" ADD COLUMN "storage" text DEFAULT 'r2' NOT NULL;--> statement-breakpoint
ALTER TABLE "renders" ADD COLUMN "cdn_base_url" text;