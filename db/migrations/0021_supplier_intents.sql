CREATE TABLE "supplier_intents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"actor_id" uuid NOT NULL,
	"supplier_connection_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"supplier_ref" text NOT NULL,
	"idempotency_key" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"outcome" text,
	"supplier_acted_at" timestamp with time zone,
	"next_check_at" timestamp with time zone DEFAULT now() NOT NULL,
	"checks" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "supplier_intents" ADD CONSTRAINT "supplier_intents_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_intents" ADD CONSTRAINT "supplier_intents_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_intents" ADD CONSTRAINT "supplier_intents_supplier_connection_id_supplier_connections_id_fk" FOREIGN KEY ("supplier_connection_id") REFERENCES "public"."supplier_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "supplier_intents_one_pending" ON "supplier_intents" USING btree ("supplier_connection_id","supplier_ref") WHERE "supplier_intents"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "supplier_intents_due_idx" ON "supplier_intents" USING btree ("status","next_check_at");--> statement-breakpoint
CREATE INDEX "supplier_intents_subject_idx" ON "supplier_intents" USING btree ("subject_id");