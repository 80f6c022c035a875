ALTER TABLE "supplier_orders" ADD COLUMN "estimated_tax_rate_bps" integer;--> statement-breakpoint
ALTER TABLE "supplier_orders" ADD COLUMN "estimated_shipping_minor" bigint;