ALTER TABLE "requisitions" ADD COLUMN "needed_by" text;--> statement-breakpoint
ALTER TABLE "supplier_connections" ADD COLUMN "portal_approval_answers_hold" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "supplier_orders" ADD COLUMN "estimated_tax_rate_bps" integer;--> statement-breakpoint
ALTER TABLE "supplier_orders" ADD COLUMN "estimated_shipping_minor" bigint;