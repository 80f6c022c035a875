CREATE TABLE "approval_delegations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"approver_id" uuid NOT NULL,
	"delegate_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "approval_delegations_range" CHECK ("approval_delegations"."starts_at" < "approval_delegations"."ends_at")
);
--> statement-breakpoint
CREATE TABLE "approval_policy_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"rules" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approval_step_approvers" (
	"step_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"source" text NOT NULL,
	"decision" text,
	"decided_at" timestamp with time zone,
	"decided_by_id" uuid,
	"reason" text,
	CONSTRAINT "approval_step_approvers_step_id_user_id_pk" PRIMARY KEY("step_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "approval_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"requisition_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"position" integer NOT NULL,
	"level" integer NOT NULL,
	"rule_id" text NOT NULL,
	"mode" text NOT NULL,
	"reasons" text[] NOT NULL,
	"fell_back_to_admins" boolean DEFAULT false NOT NULL,
	"state" text NOT NULL,
	"activated_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	"emailed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "cart_lines" ADD COLUMN "category_id" text;--> statement-breakpoint
ALTER TABLE "cart_lines" ADD COLUMN "category_name" text;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "escalation_hours" integer DEFAULT 48 NOT NULL;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "reminder_hours" integer DEFAULT 24 NOT NULL;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "price_tolerance_bp" integer DEFAULT 200 NOT NULL;--> statement-breakpoint
ALTER TABLE "requisition_lines" ADD COLUMN "category_id" text;--> statement-breakpoint
ALTER TABLE "requisition_lines" ADD COLUMN "category_name" text;--> statement-breakpoint
ALTER TABLE "requisition_lines" ADD COLUMN "revision" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "requisition_lines" ADD COLUMN "rejected_reason" text;--> statement-breakpoint
ALTER TABLE "requisition_lines" ADD COLUMN "rejected_by_id" uuid;--> statement-breakpoint
ALTER TABLE "requisitions" ADD COLUMN "revision" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "requisitions" ADD COLUMN "policy_version_id" uuid;--> statement-breakpoint
ALTER TABLE "requisitions" ADD COLUMN "returned_changes" jsonb;--> statement-breakpoint
ALTER TABLE "supplier_orders" ADD COLUMN "revision" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "approval_delegations" ADD CONSTRAINT "approval_delegations_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_delegations" ADD CONSTRAINT "approval_delegations_approver_id_users_id_fk" FOREIGN KEY ("approver_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_delegations" ADD CONSTRAINT "approval_delegations_delegate_id_users_id_fk" FOREIGN KEY ("delegate_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_policy_versions" ADD CONSTRAINT "approval_policy_versions_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_policy_versions" ADD CONSTRAINT "approval_policy_versions_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_step_approvers" ADD CONSTRAINT "approval_step_approvers_step_id_approval_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."approval_steps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_step_approvers" ADD CONSTRAINT "approval_step_approvers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_step_approvers" ADD CONSTRAINT "approval_step_approvers_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_steps" ADD CONSTRAINT "approval_steps_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_steps" ADD CONSTRAINT "approval_steps_requisition_id_requisitions_id_fk" FOREIGN KEY ("requisition_id") REFERENCES "public"."requisitions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "approval_delegations_approver_idx" ON "approval_delegations" USING btree ("approver_id");--> statement-breakpoint
CREATE INDEX "approval_delegations_delegate_idx" ON "approval_delegations" USING btree ("delegate_id");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_policy_versions_company_version_unique" ON "approval_policy_versions" USING btree ("company_id","version");--> statement-breakpoint
CREATE INDEX "approval_step_approvers_user_idx" ON "approval_step_approvers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "approval_steps_requisition_idx" ON "approval_steps" USING btree ("requisition_id","revision");--> statement-breakpoint
CREATE INDEX "approval_steps_pending_idx" ON "approval_steps" USING btree ("company_id","state");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
ALTER TABLE "requisition_lines" ADD CONSTRAINT "requisition_lines_rejected_by_id_users_id_fk" FOREIGN KEY ("rejected_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Each company's first policy is the skeleton's rule: over the threshold, any approver; plus over budget, the cost center's owner.
INSERT INTO "approval_policy_versions" ("company_id", "version", "rules", "note")
SELECT c."id", 1,
  (CASE WHEN c."approval_threshold_minor" IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(jsonb_build_object(
    'id', 'threshold',
    'conditions', jsonb_build_array(jsonb_build_object('kind', 'total_above', 'amount', jsonb_build_object('amount', c."approval_threshold_minor", 'currency', c."currency"))),
    'step', jsonb_build_object('level', 1, 'approvers', jsonb_build_array(jsonb_build_object('kind', 'role', 'role', 'approver')), 'mode', 'any'))) END)
  || jsonb_build_array(jsonb_build_object(
    'id', 'over-budget',
    'conditions', jsonb_build_array(jsonb_build_object('kind', 'over_budget')),
    'step', jsonb_build_object('level', 1, 'approvers', jsonb_build_array(jsonb_build_object('kind', 'cost_center_owner')), 'mode', 'any'))),
  'From the approval threshold in use before policies'
FROM "companies" c;--> statement-breakpoint
-- Requisitions already waiting keep waiting, now as one step any approver (but the requester) can decide.
INSERT INTO "approval_steps" ("id", "company_id", "requisition_id", "revision", "position", "level", "rule_id", "mode", "reasons", "state", "activated_at")
SELECT gen_random_uuid(), r."company_id", r."id", 1, 0, 1, 'threshold', 'any', ARRAY[r."approval_reason"], 'pending', r."submitted_at"
FROM "requisitions" r WHERE r."status" = 'pending_approval';--> statement-breakpoint
INSERT INTO "approval_step_approvers" ("step_id", "user_id", "source")
SELECT s."id", u."id", 'policy' FROM "approval_steps" s
JOIN "requisitions" r ON r."id" = s."requisition_id"
JOIN "users" u ON u."company_id" = s."company_id" AND u."active" AND 'approver' = ANY(u."roles") AND u."id" <> r."requester_id";
