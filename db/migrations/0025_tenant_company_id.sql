-- Every tenant row carries its company (issue 19): a distributed PostgreSQL (Citus, company_id as the distribution
-- column) can then place a child row on its parent's shard. Columns are added nullable, filled from the parent row,
-- then made NOT NULL, so the migration works on a database that already holds data.
ALTER TABLE "cost_center_users" ADD COLUMN "company_id" uuid;--> statement-breakpoint
ALTER TABLE "requisition_lines" ADD COLUMN "company_id" uuid;--> statement-breakpoint
ALTER TABLE "approval_step_approvers" ADD COLUMN "company_id" uuid;--> statement-breakpoint
ALTER TABLE "order_list_items" ADD COLUMN "company_id" uuid;--> statement-breakpoint
ALTER TABLE "receipt_lines" ADD COLUMN "company_id" uuid;--> statement-breakpoint
ALTER TABLE "supplier_webhook_deliveries" ADD COLUMN "company_id" uuid;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "company_id" uuid;--> statement-breakpoint
UPDATE "cost_center_users" AS c SET "company_id" = p."company_id" FROM "cost_centers" AS p WHERE p."id" = c."cost_center_id";--> statement-breakpoint
UPDATE "requisition_lines" AS c SET "company_id" = p."company_id" FROM "requisitions" AS p WHERE p."id" = c."requisition_id";--> statement-breakpoint
UPDATE "approval_step_approvers" AS c SET "company_id" = p."company_id" FROM "approval_steps" AS p WHERE p."id" = c."step_id";--> statement-breakpoint
UPDATE "order_list_items" AS c SET "company_id" = p."company_id" FROM "order_lists" AS p WHERE p."id" = c."order_list_id";--> statement-breakpoint
UPDATE "receipt_lines" AS c SET "company_id" = p."company_id" FROM "receipts" AS p WHERE p."id" = c."receipt_id";--> statement-breakpoint
UPDATE "supplier_webhook_deliveries" AS c SET "company_id" = p."company_id" FROM "supplier_connections" AS p WHERE p."id" = c."connection_id";--> statement-breakpoint
-- Each kind of outbox work names one company's object; the company is taken from it.
UPDATE "outbox" AS o SET "company_id" = p."company_id" FROM "supplier_orders" AS p WHERE o."kind" = 'place_supplier_order' AND p."id" = o."subject_id";--> statement-breakpoint
UPDATE "outbox" AS o SET "company_id" = p."company_id" FROM "notifications" AS p WHERE o."kind" = 'send_email' AND p."id" = o."subject_id";--> statement-breakpoint
UPDATE "outbox" AS o SET "company_id" = p."company_id" FROM "purchase_orders" AS p WHERE o."kind" = 'send_purchase_order' AND p."id" = o."subject_id";--> statement-breakpoint
UPDATE "outbox" AS o SET "company_id" = p."company_id" FROM "supplier_webhook_deliveries" AS p WHERE o."kind" = 'supplier_webhook' AND p."id" = o."subject_id";--> statement-breakpoint
UPDATE "outbox" AS o SET "company_id" = p."company_id" FROM "hypatos_pushes" AS p WHERE o."kind" = 'hypatos_push' AND p."id" = o."subject_id";--> statement-breakpoint
UPDATE "outbox" AS o SET "company_id" = p."company_id" FROM "invitations" AS p WHERE o."kind" = 'send_invitation' AND p."id" = o."subject_id";--> statement-breakpoint
-- Work whose object no longer exists has nothing left to do (the worker would skip it); it cannot name a company.
DELETE FROM "outbox" WHERE "company_id" IS NULL;--> statement-breakpoint
ALTER TABLE "cost_center_users" ALTER COLUMN "company_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "requisition_lines" ALTER COLUMN "company_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "approval_step_approvers" ALTER COLUMN "company_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "order_list_items" ALTER COLUMN "company_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "receipt_lines" ALTER COLUMN "company_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "supplier_webhook_deliveries" ALTER COLUMN "company_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "company_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "approval_step_approvers" ADD CONSTRAINT "approval_step_approvers_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_center_users" ADD CONSTRAINT "cost_center_users_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_list_items" ADD CONSTRAINT "order_list_items_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt_lines" ADD CONSTRAINT "receipt_lines_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requisition_lines" ADD CONSTRAINT "requisition_lines_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_webhook_deliveries" ADD CONSTRAINT "supplier_webhook_deliveries_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Citus wants the distribution column in every unique key: company_id leads the keys of these tables.
ALTER TABLE "approval_step_approvers" DROP CONSTRAINT "approval_step_approvers_step_id_user_id_pk";--> statement-breakpoint
ALTER TABLE "approval_step_approvers" ADD CONSTRAINT "approval_step_approvers_company_id_step_id_user_id_pk" PRIMARY KEY("company_id","step_id","user_id");--> statement-breakpoint
ALTER TABLE "cost_center_users" DROP CONSTRAINT "cost_center_users_cost_center_id_user_id_pk";--> statement-breakpoint
ALTER TABLE "cost_center_users" ADD CONSTRAINT "cost_center_users_company_id_cost_center_id_user_id_pk" PRIMARY KEY("company_id","cost_center_id","user_id");--> statement-breakpoint
DROP INDEX "order_list_items_item_unique";--> statement-breakpoint
CREATE UNIQUE INDEX "order_list_items_item_unique" ON "order_list_items" USING btree ("company_id","order_list_id","supplier_connection_id","supplier_item_id");--> statement-breakpoint
DROP INDEX "outbox_kind_subject_unique";--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_kind_subject_unique" ON "outbox" USING btree ("company_id","kind","subject_id");--> statement-breakpoint
DROP INDEX "supplier_webhook_deliveries_digest_unique";--> statement-breakpoint
CREATE UNIQUE INDEX "supplier_webhook_deliveries_digest_unique" ON "supplier_webhook_deliveries" USING btree ("company_id","connection_id","body_sha256");
