CREATE TABLE "stripe_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"state" text DEFAULT 'processing' NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"locked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"error" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "usage_ledger" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"render_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"video_ms" integer NOT NULL,
	"overage_ms" integer DEFAULT 0 NOT NULL,
	"fallback" boolean DEFAULT false NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"meter_identifier" text,
	"meter_reported_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_ledger_render_id_unique" UNIQUE("render_id"),
	CONSTRAINT "usage_ledger_meter_identifier_unique" UNIQUE("meter_identifier"),
	CONSTRAINT "usage_ledger_video_ms_nonnegative" CHECK ("usage_ledger"."video_ms" >= 0 AND "usage_ledger"."overage_ms" >= 0 AND "usage_ledger"."overage_ms" <= "usage_ledger"."video_ms")
);
--> statement-breakpoint
CREATE TABLE "workspace_billing" (
	"workspace_id" text PRIMARY KEY NOT NULL,
	"stripe_customer_id" text,
	"stripe_subscription_id" text,
	"subscription_status" text,
	"stripe_price_id" text,
	"interval" text,
	"period_start" timestamp with time zone,
	"period_end" timestamp with time zone,
	"cancel_at_period_end" boolean DEFAULT false NOT NULL,
	"past_due_since" timestamp with time zone,
	"trial_ends_at" timestamp with time zone,
	"overage_enabled" boolean DEFAULT false NOT NULL,
	"spending_cap_cents" integer DEFAULT 0 NOT NULL,
	"warned_period_start" timestamp with time zone,
	"warned_percent" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspace_billing_stripe_customer_id_unique" UNIQUE("stripe_customer_id"),
	CONSTRAINT "workspace_billing_stripe_subscription_id_unique" UNIQUE("stripe_subscription_id")
);
--> statement-breakpoint
ALTER TABLE "workspaces" ALTER COLUMN "plan" SET DEFAULT 'trial';--> statement-breakpoint
ALTER TABLE "usage_ledger" ADD CONSTRAINT "usage_ledger_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_billing" ADD CONSTRAINT "workspace_billing_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stripe_events_received_idx" ON "stripe_events" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "usage_ledger_period_idx" ON "usage_ledger" USING btree ("workspace_id","period_start");--> statement-breakpoint
CREATE INDEX "usage_ledger_unreported_idx" ON "usage_ledger" USING btree ("created_at") WHERE overage_ms > 0 AND meter_reported_at IS NULL;--> statement-breakpoint
-- The plans before billing map to the plans sold now: pro to Growth, agency to Team, free stays Free.
UPDATE "workspaces" SET "plan" = CASE "plan" WHEN 'pro' THEN 'growth' WHEN 'agency' THEN 'team' ELSE 'free' END;--> statement-breakpoint
INSERT INTO "workspace_billing" ("workspace_id") SELECT "id" FROM "workspaces";--> statement-breakpoint
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_plan_known" CHECK (plan IN ('trial', 'free', 'starter', 'growth', 'team'));