CREATE TABLE "catalog_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"supplier_item_id" text NOT NULL,
	"item_code" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"category_id" text,
	"category_name" text,
	"image_url" text,
	"available" boolean NOT NULL,
	"price_from_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"price_tiers" jsonb NOT NULL,
	"lead_time_days" integer,
	"search_doc" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce(item_code, '') || ' ' || replace(coalesce(item_code, ''), '-', ' ')), 'A') || setweight(to_tsvector('english', coalesce(name, '')), 'A') || setweight(to_tsvector('english', coalesce(category_name, '')), 'B') || setweight(to_tsvector('english', coalesce(description, '')), 'C')) STORED,
	"last_sync_run_id" uuid,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delisted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "catalog_sync_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"state" text NOT NULL,
	"cursor" text,
	"pages_done" integer DEFAULT 0 NOT NULL,
	"items_done" integer DEFAULT 0 NOT NULL,
	"items_total" integer,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"last_error" text,
	"error_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalog_items" ADD CONSTRAINT "catalog_items_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_items" ADD CONSTRAINT "catalog_items_connection_id_supplier_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."supplier_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_sync_runs" ADD CONSTRAINT "catalog_sync_runs_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_sync_runs" ADD CONSTRAINT "catalog_sync_runs_connection_id_supplier_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."supplier_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_items_connection_item_unique" ON "catalog_items" USING btree ("connection_id","supplier_item_id");--> statement-breakpoint
CREATE INDEX "catalog_items_company_code_idx" ON "catalog_items" USING btree ("company_id",lower("item_code"));--> statement-breakpoint
CREATE INDEX "catalog_items_search_idx" ON "catalog_items" USING gin ("search_doc");--> statement-breakpoint
CREATE INDEX "catalog_items_company_price_idx" ON "catalog_items" USING btree ("company_id","price_from_minor");--> statement-breakpoint
CREATE INDEX "catalog_sync_runs_connection_idx" ON "catalog_sync_runs" USING btree ("connection_id","started_at");