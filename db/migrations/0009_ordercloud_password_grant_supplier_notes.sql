ALTER TABLE "supplier_connections" ADD COLUMN "username" text;--> statement-breakpoint
ALTER TABLE "supplier_connections" ADD COLUMN "password_sealed" text;--> statement-breakpoint
ALTER TABLE "supplier_orders" ADD COLUMN "supplier_note" text;