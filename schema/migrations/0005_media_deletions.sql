CREATE TABLE "bunny_objects" (
	"key" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"render_id" text NOT NULL,
	"fence" integer NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "media_deletions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "media_deletions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"workspace_id" text NOT NULL,
	"storage" text NOT NULL,
	"key" text NOT NULL,
	"prefix" boolean DEFAULT false NOT NULL,
	"run_after" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "bunny_objects_render_idx" ON "bunny_objects" USING btree ("render_id");--> statement-breakpoint
CREATE INDEX "bunny_objects_workspace_idx" ON "bunny_objects" USING btree ("workspace_id");--> statement-breakpoint
CREATE UNIQUE INDEX "media_deletions_target_idx" ON "media_deletions" USING btree ("storage","key","prefix");--> statement-breakpoint
CREATE INDEX "media_deletions_due_idx" ON "media_deletions" USING btree ("run_after");