DROP INDEX "requisitions_company_status_idx";--> statement-breakpoint
DROP INDEX "requisitions_requester_idx";--> statement-breakpoint
DROP INDEX "cost_center_spend_center_charged_idx";--> statement-breakpoint
DROP INDEX "cost_center_spend_company_charged_idx";--> statement-breakpoint
CREATE INDEX "requisitions_requester_submitted_idx" ON "requisitions" USING btree ("company_id","requester_id","submitted_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "requisitions_company_status_submitted_idx" ON "requisitions" USING btree ("company_id","status","submitted_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "requisitions_company_submitted_idx" ON "requisitions" USING btree ("company_id","submitted_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "cost_center_spend_center_charged_idx" ON "cost_center_spend" USING btree ("cost_center_id","charged_at","state","currency","amount_minor","invoiced_at","ordered_minor");--> statement-breakpoint
CREATE INDEX "cost_center_spend_company_charged_idx" ON "cost_center_spend" USING btree ("company_id","charged_at","cost_center_id","supplier_connection_id","state","currency","amount_minor");