CREATE TABLE "budgets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"cost_center_id" uuid NOT NULL,
	"period_kind" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budgets_amount_not_negative" CHECK ("budgets"."amount_minor" >= 0),
	CONSTRAINT "budgets_period_ordered" CHECK ("budgets"."period_start" < "budgets"."period_end")
);
--> statement-breakpoint
CREATE TABLE "cost_center_spend" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"cost_center_id" uuid NOT NULL,
	"requisition_id" uuid NOT NULL,
	"supplier_order_id" uuid NOT NULL,
	"supplier_connection_id" uuid NOT NULL,
	"state" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"charged_at" timestamp with time zone NOT NULL,
	"committed_at" timestamp with time zone,
	"released_at" timestamp with time zone,
	"release_reason" text
);
--> statement-breakpoint
CREATE TABLE "cost_center_users" (
	"cost_center_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "cost_center_users_cost_center_id_user_id_pk" PRIMARY KEY("cost_center_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "cost_centers" ADD COLUMN "description" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "cost_centers" ADD COLUMN "owner_id" uuid;--> statement-breakpoint
ALTER TABLE "cost_centers" ADD COLUMN "gl_account" text;--> statement-breakpoint
ALTER TABLE "cost_centers" ADD COLUMN "currency" text DEFAULT 'USD' NOT NULL;--> statement-breakpoint
ALTER TABLE "requisitions" ADD COLUMN "over_budget" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "requisitions" ADD COLUMN "budget_left_after_minor" bigint;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "default_cost_center_id" uuid;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_cost_center_id_cost_centers_id_fk" FOREIGN KEY ("cost_center_id") REFERENCES "public"."cost_centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_center_spend" ADD CONSTRAINT "cost_center_spend_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_center_spend" ADD CONSTRAINT "cost_center_spend_cost_center_id_cost_centers_id_fk" FOREIGN KEY ("cost_center_id") REFERENCES "public"."cost_centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_center_spend" ADD CONSTRAINT "cost_center_spend_requisition_id_requisitions_id_fk" FOREIGN KEY ("requisition_id") REFERENCES "public"."requisitions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_center_spend" ADD CONSTRAINT "cost_center_spend_supplier_order_id_supplier_orders_id_fk" FOREIGN KEY ("supplier_order_id") REFERENCES "public"."supplier_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_center_spend" ADD CONSTRAINT "cost_center_spend_supplier_connection_id_supplier_connections_id_fk" FOREIGN KEY ("supplier_connection_id") REFERENCES "public"."supplier_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_center_users" ADD CONSTRAINT "cost_center_users_cost_center_id_cost_centers_id_fk" FOREIGN KEY ("cost_center_id") REFERENCES "public"."cost_centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_center_users" ADD CONSTRAINT "cost_center_users_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "budgets_cost_center_period_idx" ON "budgets" USING btree ("cost_center_id","period_start");--> statement-breakpoint
CREATE UNIQUE INDEX "cost_center_spend_supplier_order_unique" ON "cost_center_spend" USING btree ("supplier_order_id");--> statement-breakpoint
CREATE INDEX "cost_center_spend_center_charged_idx" ON "cost_center_spend" USING btree ("cost_center_id","charged_at");--> statement-breakpoint
CREATE INDEX "cost_center_spend_company_charged_idx" ON "cost_center_spend" USING btree ("company_id","charged_at");--> statement-breakpoint
CREATE INDEX "cost_center_users_user_idx" ON "cost_center_users" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "cost_centers" ADD CONSTRAINT "cost_centers_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_default_cost_center_id_cost_centers_id_fk" FOREIGN KEY ("default_cost_center_id") REFERENCES "public"."cost_centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Until now every member could charge every cost center of their company: keep that.
INSERT INTO "cost_center_users" ("cost_center_id", "user_id")
SELECT cc."id", u."id" FROM "cost_centers" cc JOIN "users" u ON u."company_id" = cc."company_id";--> statement-breakpoint
-- Requisitions submitted before spend was tracked count from now on, in the state their supplier orders are in.
INSERT INTO "cost_center_spend" ("company_id", "cost_center_id", "requisition_id", "supplier_order_id", "supplier_connection_id", "state", "amount_minor", "currency", "charged_at", "committed_at", "released_at", "release_reason")
SELECT so."company_id", r."cost_center_id", r."id", so."id", so."supplier_connection_id",
  CASE WHEN so."state" = 'placed' THEN 'committed' WHEN so."state" IN ('awaiting_approval', 'queued') THEN 'reserved' ELSE 'released' END,
  COALESCE(CASE WHEN so."state" = 'placed' THEN so."supplier_total_minor" END, so."subtotal_minor"), so."currency", r."submitted_at",
  CASE WHEN so."state" = 'placed' THEN so."placed_at" END,
  CASE WHEN so."state" IN ('failed', 'not_sent') THEN now() END,
  CASE WHEN so."state" IN ('failed', 'not_sent') THEN 'not sent to the supplier' END
FROM "supplier_orders" so JOIN "requisitions" r ON r."id" = so."requisition_id";
