-- Trigram matching for misspelt search words; PGlite ships pg_trgm, PostgreSQL has it in contrib.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
ALTER TABLE "catalog_items" ADD COLUMN "brand_id" text;--> statement-breakpoint
ALTER TABLE "catalog_items" ADD COLUMN "brand_name" text;--> statement-breakpoint
-- Yodify has brands, not categories: what the mirror kept as a Yodify item's category was its brand (the next full sync rewrites them too).
UPDATE "catalog_items" SET "brand_id" = "category_id", "brand_name" = "category_name", "category_id" = NULL, "category_name" = NULL
  FROM "supplier_connections" WHERE "supplier_connections"."id" = "catalog_items"."connection_id" AND "supplier_connections"."supplier" = 'yodify';--> statement-breakpoint
ALTER TABLE "catalog_items" ADD COLUMN "price_minor" bigint;--> statement-breakpoint
-- The first tier's price, as shownPrice (server/domain/price-tiers.ts) has it: the mirror stores tiers sorted by minQuantity.
UPDATE "catalog_items" SET "price_minor" = COALESCE(("price_tiers"->0->>'amount')::bigint, "price_from_minor");--> statement-breakpoint
ALTER TABLE "catalog_items" ALTER COLUMN "price_minor" SET NOT NULL;--> statement-breakpoint
DROP INDEX "catalog_items_company_price_idx";--> statement-breakpoint
CREATE INDEX "catalog_items_company_price_idx" ON "catalog_items" USING btree ("company_id","price_minor");--> statement-breakpoint
ALTER TABLE "catalog_items" DROP COLUMN "search_doc";--> statement-breakpoint
ALTER TABLE "catalog_items" ADD COLUMN "search_doc" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce(item_code, '') || ' ' || replace(coalesce(item_code, ''), '-', ' ')), 'A') || setweight(to_tsvector('english', coalesce(name, '')), 'A') || setweight(to_tsvector('english', coalesce(category_name, '') || ' ' || coalesce(brand_name, '')), 'B') || setweight(to_tsvector('english', coalesce(description, '')), 'C')) STORED;--> statement-breakpoint
CREATE INDEX "catalog_items_search_idx" ON "catalog_items" USING gin ("search_doc");--> statement-breakpoint
CREATE TABLE "catalog_words" (
	"company_id" uuid NOT NULL,
	"word" text NOT NULL,
	CONSTRAINT "catalog_words_company_id_word_pk" PRIMARY KEY("company_id","word")
);
--> statement-breakpoint
ALTER TABLE "catalog_words" ADD CONSTRAINT "catalog_words_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "catalog_words_trigram_idx" ON "catalog_words" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
-- The words of what is mirrored already; the sync adds new ones page by page (server/catalog/sync.ts).
INSERT INTO "catalog_words" ("company_id", "word")
  SELECT DISTINCT "company_id", w FROM "catalog_items",
    regexp_split_to_table(lower("item_code" || ' ' || "name" || ' ' || coalesce("category_name", '') || ' ' || coalesce("brand_name", '') || ' ' || "description"), '[^[:alnum:]]+') AS w
  WHERE length(w) >= 3
  ON CONFLICT DO NOTHING;
