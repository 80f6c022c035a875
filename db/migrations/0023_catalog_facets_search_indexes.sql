CREATE TABLE "catalog_facets" (
	"company_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"facet_id" text NOT NULL,
	"name" text NOT NULL,
	"item_count" integer NOT NULL,
	CONSTRAINT "catalog_facets_connection_id_kind_facet_id_pk" PRIMARY KEY("connection_id","kind","facet_id")
);
--> statement-breakpoint
DROP INDEX "catalog_items_company_code_idx";--> statement-breakpoint
ALTER TABLE "catalog_facets" ADD CONSTRAINT "catalog_facets_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_facets" ADD CONSTRAINT "catalog_facets_connection_id_supplier_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."supplier_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "catalog_facets_company_idx" ON "catalog_facets" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "catalog_items_company_name_idx" ON "catalog_items" USING btree ("company_id","name","item_code") WHERE "catalog_items"."delisted_at" is null;--> statement-breakpoint
CREATE INDEX "catalog_items_company_code_idx" ON "catalog_items" USING btree ("company_id",lower("item_code") text_pattern_ops);--> statement-breakpoint
-- The filters of what is mirrored already, as the end of a sync rebuilds them (server/catalog/sync.ts, rebuildFacets).
INSERT INTO "catalog_facets" ("company_id", "connection_id", "kind", "facet_id", "name", "item_count")
  SELECT "company_id", "connection_id", 'category', "category_id", max(coalesce("category_name", "category_id")), count(*)::int FROM "catalog_items"
    WHERE "delisted_at" IS NULL AND "category_id" IS NOT NULL GROUP BY "company_id", "connection_id", "category_id"
  UNION ALL
  SELECT "company_id", "connection_id", 'brand', "brand_id", max(coalesce("brand_name", "brand_id")), count(*)::int FROM "catalog_items"
    WHERE "delisted_at" IS NULL AND "brand_id" IS NOT NULL GROUP BY "company_id", "connection_id", "brand_id";
