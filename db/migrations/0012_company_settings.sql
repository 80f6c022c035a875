ALTER TABLE "companies" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "po_number_pattern" text;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "po_number_example" text;