import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE TABLE \`options_rental_periods\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` integer NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`months\` numeric NOT NULL,
  	\`price\` numeric NOT NULL,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`options\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`options_rental_periods_order_idx\` ON \`options_rental_periods\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`options_rental_periods_parent_id_idx\` ON \`options_rental_periods\` (\`_parent_id\`);`)
  await db.run(sql`CREATE TABLE \`option_terms\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`key\` text NOT NULL,
  	\`controller_id\` integer NOT NULL,
  	\`option_id\` integer NOT NULL,
  	\`code\` text NOT NULL,
  	\`kind\` text NOT NULL,
  	\`order_id\` integer,
  	\`from\` text NOT NULL,
  	\`until\` text NOT NULL,
  	\`ended_early_at\` text,
  	\`reason\` text,
  	\`by_id\` integer,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`controller_id\`) REFERENCES \`controllers\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`option_id\`) REFERENCES \`options\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`order_id\`) REFERENCES \`orders\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE UNIQUE INDEX \`option_terms_key_idx\` ON \`option_terms\` (\`key\`);`)
  await db.run(sql`CREATE INDEX \`option_terms_controller_idx\` ON \`option_terms\` (\`controller_id\`);`)
  await db.run(sql`CREATE INDEX \`option_terms_option_idx\` ON \`option_terms\` (\`option_id\`);`)
  await db.run(sql`CREATE INDEX \`option_terms_order_idx\` ON \`option_terms\` (\`order_id\`);`)
  await db.run(sql`CREATE INDEX \`option_terms_until_idx\` ON \`option_terms\` (\`until\`);`)
  await db.run(sql`CREATE INDEX \`option_terms_by_idx\` ON \`option_terms\` (\`by_id\`);`)
  await db.run(sql`CREATE INDEX \`option_terms_updated_at_idx\` ON \`option_terms\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`option_terms_created_at_idx\` ON \`option_terms\` (\`created_at\`);`)
  await db.run(sql`ALTER TABLE \`controllers_entitlements\` ADD \`source\` text DEFAULT 'purchase';`)
  await db.run(sql`ALTER TABLE \`controllers_entitlements\` ADD \`until\` text;`)
  await db.run(sql`ALTER TABLE \`controllers_entitlements\` ADD \`licensed_until\` text;`)
  await db.run(sql`ALTER TABLE \`controllers_entitlements\` ADD \`reminded7\` text;`)
  await db.run(sql`ALTER TABLE \`controllers_entitlements\` ADD \`reminded1\` text;`)
  await db.run(sql`ALTER TABLE \`controllers_entitlements\` ADD \`reminded_ended\` text;`)
  await db.run(sql`CREATE INDEX \`controllers_entitlements_until_idx\` ON \`controllers_entitlements\` (\`until\`);`)
  await db.run(sql`ALTER TABLE \`controllers\` ADD \`maintenance_until\` text;`)
  await db.run(sql`ALTER TABLE \`controllers\` ADD \`licensed_maintenance_until\` text;`)
  await db.run(sql`ALTER TABLE \`orders_items\` ADD \`months\` numeric;`)
  await db.run(sql`ALTER TABLE \`_orders_v_version_items\` ADD \`months\` numeric;`)
  await db.run(sql`ALTER TABLE \`options\` ADD \`kind\` text DEFAULT 'feature';`)
  await db.run(sql`ALTER TABLE \`options\` ADD \`sell_outright\` integer DEFAULT true;`)
  await db.run(sql`ALTER TABLE \`options\` ADD \`trial_days\` numeric;`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`option_terms_id\` integer REFERENCES option_terms(id);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_option_terms_id_idx\` ON \`payload_locked_documents_rels\` (\`option_terms_id\`);`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`options_rental_periods\`;`)
  await db.run(sql`DROP TABLE \`option_terms\`;`)
  await db.run(sql`PRAGMA foreign_keys=OFF;`)
  await db.run(sql`CREATE TABLE \`__new_payload_locked_documents_rels\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`order\` integer,
  	\`parent_id\` integer NOT NULL,
  	\`path\` text NOT NULL,
  	\`users_id\` integer,
  	\`controllers_id\` integer,
  	\`orders_id\` integer,
  	\`payments_id\` integer,
  	\`licenses_id\` integer,
  	\`options_id\` integer,
  	\`signing_keys_id\` integer,
  	\`root_keys_id\` integer,
  	\`revocation_lists_id\` integer,
  	\`audit_events_id\` integer,
  	\`news_id\` integer,
  	\`media_id\` integer,
  	\`news_deliveries_id\` integer,
  	\`help_pages_id\` integer,
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`payload_locked_documents\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`users_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`controllers_id\`) REFERENCES \`controllers\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`orders_id\`) REFERENCES \`orders\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`payments_id\`) REFERENCES \`payments\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`licenses_id\`) REFERENCES \`licenses\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`options_id\`) REFERENCES \`options\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`signing_keys_id\`) REFERENCES \`signing_keys\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`root_keys_id\`) REFERENCES \`root_keys\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`revocation_lists_id\`) REFERENCES \`revocation_lists\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`audit_events_id\`) REFERENCES \`audit_events\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`news_id\`) REFERENCES \`news\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`media_id\`) REFERENCES \`media\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`news_deliveries_id\`) REFERENCES \`news_deliveries\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`help_pages_id\`) REFERENCES \`help_pages\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`INSERT INTO \`__new_payload_locked_documents_rels\`("id", "order", "parent_id", "path", "users_id", "controllers_id", "orders_id", "payments_id", "licenses_id", "options_id", "signing_keys_id", "root_keys_id", "revocation_lists_id", "audit_events_id", "news_id", "media_id", "news_deliveries_id", "help_pages_id") SELECT "id", "order", "parent_id", "path", "users_id", "controllers_id", "orders_id", "payments_id", "licenses_id", "options_id", "signing_keys_id", "root_keys_id", "revocation_lists_id", "audit_events_id", "news_id", "media_id", "news_deliveries_id", "help_pages_id" FROM \`payload_locked_documents_rels\`;`)
  await db.run(sql`DROP TABLE \`payload_locked_documents_rels\`;`)
  await db.run(sql`ALTER TABLE \`__new_payload_locked_documents_rels\` RENAME TO \`payload_locked_documents_rels\`;`)
  await db.run(sql`PRAGMA foreign_keys=ON;`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_order_idx\` ON \`payload_locked_documents_rels\` (\`order\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_parent_idx\` ON \`payload_locked_documents_rels\` (\`parent_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_path_idx\` ON \`payload_locked_documents_rels\` (\`path\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_users_id_idx\` ON \`payload_locked_documents_rels\` (\`users_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_controllers_id_idx\` ON \`payload_locked_documents_rels\` (\`controllers_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_orders_id_idx\` ON \`payload_locked_documents_rels\` (\`orders_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_payments_id_idx\` ON \`payload_locked_documents_rels\` (\`payments_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_licenses_id_idx\` ON \`payload_locked_documents_rels\` (\`licenses_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_options_id_idx\` ON \`payload_locked_documents_rels\` (\`options_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_signing_keys_id_idx\` ON \`payload_locked_documents_rels\` (\`signing_keys_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_root_keys_id_idx\` ON \`payload_locked_documents_rels\` (\`root_keys_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_revocation_lists_id_idx\` ON \`payload_locked_documents_rels\` (\`revocation_lists_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_audit_events_id_idx\` ON \`payload_locked_documents_rels\` (\`audit_events_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_news_id_idx\` ON \`payload_locked_documents_rels\` (\`news_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_media_id_idx\` ON \`payload_locked_documents_rels\` (\`media_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_news_deliveries_id_idx\` ON \`payload_locked_documents_rels\` (\`news_deliveries_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_help_pages_id_idx\` ON \`payload_locked_documents_rels\` (\`help_pages_id\`);`)
  await db.run(sql`DROP INDEX \`controllers_entitlements_until_idx\`;`)
  await db.run(sql`ALTER TABLE \`controllers_entitlements\` DROP COLUMN \`source\`;`)
  await db.run(sql`ALTER TABLE \`controllers_entitlements\` DROP COLUMN \`until\`;`)
  await db.run(sql`ALTER TABLE \`controllers_entitlements\` DROP COLUMN \`licensed_until\`;`)
  await db.run(sql`ALTER TABLE \`controllers_entitlements\` DROP COLUMN \`reminded7\`;`)
  await db.run(sql`ALTER TABLE \`controllers_entitlements\` DROP COLUMN \`reminded1\`;`)
  await db.run(sql`ALTER TABLE \`controllers_entitlements\` DROP COLUMN \`reminded_ended\`;`)
  await db.run(sql`ALTER TABLE \`controllers\` DROP COLUMN \`maintenance_until\`;`)
  await db.run(sql`ALTER TABLE \`controllers\` DROP COLUMN \`licensed_maintenance_until\`;`)
  await db.run(sql`ALTER TABLE \`orders_items\` DROP COLUMN \`months\`;`)
  await db.run(sql`ALTER TABLE \`_orders_v_version_items\` DROP COLUMN \`months\`;`)
  await db.run(sql`ALTER TABLE \`options\` DROP COLUMN \`kind\`;`)
  await db.run(sql`ALTER TABLE \`options\` DROP COLUMN \`sell_outright\`;`)
  await db.run(sql`ALTER TABLE \`options\` DROP COLUMN \`trial_days\`;`)
}
