CREATE TABLE "supplier_rate_buckets" (
	"key" text PRIMARY KEY NOT NULL,
	"tat_ms" double precision NOT NULL,
	"paused_until_ms" double precision DEFAULT 0 NOT NULL,
	"allowed" boolean DEFAULT true NOT NULL,
	"checked_at_ms" double precision DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supplier_tokens" (
	"key" text PRIMARY KEY NOT NULL,
	"sealed_token" text NOT NULL,
	"refresh_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worker_heartbeats" (
	"worker_id" text PRIMARY KEY NOT NULL,
	"beat_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worker_job_leases" (
	"name" text PRIMARY KEY NOT NULL,
	"locked_until" timestamp with time zone NOT NULL,
	"holder" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "request_id" text;