CREATE TABLE "purchase_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"supplier_order_id" uuid NOT NULL,
	"po_number" text NOT NULL,
	"payment_terms" text,
	"issued_at" timestamp with time zone NOT NULL,
	"email_to" text,
	"emailed_at" timestamp with time zone,
	"linked_at" timestamp with time zone,
	"supplier_order_number" text,
	"differences" jsonb
);
--> statement-breakpoint
CREATE TABLE "supplier_invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"supplier_order_id" uuid NOT NULL,
	"supplier_invoice_ref" text NOT NULL,
	"number" text NOT NULL,
	"invoice_date" text NOT NULL,
	"due_date" text,
	"paid" boolean NOT NULL,
	"net_minor" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"lines" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supplier_webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"connection_id" uuid NOT NULL,
	"body_sha256" text NOT NULL,
	"body" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "supplier_connections" ADD COLUMN "credential_kind" text DEFAULT 'client_credentials' NOT NULL;--> statement-breakpoint
ALTER TABLE "supplier_connections" ADD COLUMN "order_email" text;--> statement-breakpoint
ALTER TABLE "supplier_connections" ADD COLUMN "webhook_key" text;--> statement-breakpoint
ALTER TABLE "supplier_connections" ADD COLUMN "webhook_secret_sealed" text;--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD CONSTRAINT "purchase_orders_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD CONSTRAINT "purchase_orders_supplier_order_id_supplier_orders_id_fk" FOREIGN KEY ("supplier_order_id") REFERENCES "public"."supplier_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_invoices" ADD CONSTRAINT "supplier_invoices_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_invoices" ADD CONSTRAINT "supplier_invoices_supplier_order_id_supplier_orders_id_fk" FOREIGN KEY ("supplier_order_id") REFERENCES "public"."supplier_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_webhook_deliveries" ADD CONSTRAINT "supplier_webhook_deliveries_connection_id_supplier_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."supplier_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "purchase_orders_supplier_order_unique" ON "purchase_orders" USING btree ("supplier_order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "supplier_invoices_order_ref_unique" ON "supplier_invoices" USING btree ("supplier_order_id","supplier_invoice_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "supplier_webhook_deliveries_digest_unique" ON "supplier_webhook_deliveries" USING btree ("connection_id","body_sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "supplier_connections_webhook_key_unique" ON "supplier_connections" USING btree ("webhook_key");