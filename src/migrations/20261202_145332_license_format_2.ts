import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE TABLE \`root_keys\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`public_key\` text NOT NULL,
  	\`kid\` text NOT NULL,
  	\`alg\` text NOT NULL,
  	\`source\` text DEFAULT 'uploaded' NOT NULL,
  	\`note\` text,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
  );
  `)
  await db.run(sql`CREATE UNIQUE INDEX \`root_keys_kid_idx\` ON \`root_keys\` (\`kid\`);`)
  await db.run(sql`CREATE INDEX \`root_keys_updated_at_idx\` ON \`root_keys\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`root_keys_created_at_idx\` ON \`root_keys\` (\`created_at\`);`)
  await db.run(sql`CREATE TABLE \`revocation_lists\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`list\` text NOT NULL,
  	\`number\` numeric NOT NULL,
  	\`issued_at\` text NOT NULL,
  	\`root_kid\` text NOT NULL,
  	\`uploaded_by_id\` integer,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`uploaded_by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE UNIQUE INDEX \`revocation_lists_number_idx\` ON \`revocation_lists\` (\`number\`);`)
  await db.run(sql`CREATE INDEX \`revocation_lists_uploaded_by_idx\` ON \`revocation_lists\` (\`uploaded_by_id\`);`)
  await db.run(sql`CREATE INDEX \`revocation_lists_updated_at_idx\` ON \`revocation_lists\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`revocation_lists_created_at_idx\` ON \`revocation_lists\` (\`created_at\`);`)
  await db.run(sql`CREATE TABLE \`revocation_lists_texts\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`order\` integer NOT NULL,
  	\`parent_id\` integer NOT NULL,
  	\`path\` text NOT NULL,
  	\`text\` text,
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`revocation_lists\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`revocation_lists_texts_order_parent\` ON \`revocation_lists_texts\` (\`order\`,\`parent_id\`);`)
  await db.run(sql`CREATE INDEX \`revocation_lists_texts_parent_idx\` ON \`revocation_lists_texts\` (\`parent_id\`);`)
  await db.run(sql`ALTER TABLE \`controllers\` ADD \`license_format\` numeric DEFAULT 1;`)
  await db.run(sql`ALTER TABLE \`controllers\` ADD \`revocation_list_number\` numeric DEFAULT 0;`)
  await db.run(sql`ALTER TABLE \`controllers\` ADD \`enforces_option_end_dates\` integer DEFAULT false;`)
  await db.run(sql`ALTER TABLE \`licenses\` ADD \`format\` numeric DEFAULT 1 NOT NULL;`)
  await db.run(sql`ALTER TABLE \`licenses\` ADD \`revocation_list_number\` numeric;`)
  await db.run(sql`CREATE INDEX \`licenses_kid_idx\` ON \`licenses\` (\`kid\`);`)
  await db.run(sql`ALTER TABLE \`signing_keys\` ADD \`certificate\` text;`)
  await db.run(sql`ALTER TABLE \`signing_keys\` ADD \`certificate_root_kid\` text;`)
  await db.run(sql`ALTER TABLE \`signing_keys\` ADD \`certified_from\` text;`)
  await db.run(sql`ALTER TABLE \`signing_keys\` ADD \`certified_until\` text;`)
  await db.run(sql`ALTER TABLE \`signing_keys\` ADD \`revoked_at\` text;`)
  await db.run(sql`ALTER TABLE \`signing_keys\` ADD \`revoked_by_list\` numeric;`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`root_keys_id\` integer REFERENCES root_keys(id);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`revocation_lists_id\` integer REFERENCES revocation_lists(id);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_root_keys_id_idx\` ON \`payload_locked_documents_rels\` (\`root_keys_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_revocation_lists_id_idx\` ON \`payload_locked_documents_rels\` (\`revocation_lists_id\`);`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`root_keys\`;`)
  await db.run(sql`DROP TABLE \`revocation_lists\`;`)
  await db.run(sql`DROP TABLE \`revocation_lists_texts\`;`)
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
  	FOREIGN KEY (\`audit_events_id\`) REFERENCES \`audit_events\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`news_id\`) REFERENCES \`news\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`media_id\`) REFERENCES \`media\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`news_deliveries_id\`) REFERENCES \`news_deliveries\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`help_pages_id\`) REFERENCES \`help_pages\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`INSERT INTO \`__new_payload_locked_documents_rels\`("id", "order", "parent_id", "path", "users_id", "controllers_id", "orders_id", "payments_id", "licenses_id", "options_id", "signing_keys_id", "audit_events_id", "news_id", "media_id", "news_deliveries_id", "help_pages_id") SELECT "id", "order", "parent_id", "path", "users_id", "controllers_id", "orders_id", "payments_id", "licenses_id", "options_id", "signing_keys_id", "audit_events_id", "news_id", "media_id", "news_deliveries_id", "help_pages_id" FROM \`payload_locked_documents_rels\`;`)
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
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_audit_events_id_idx\` ON \`payload_locked_documents_rels\` (\`audit_events_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_news_id_idx\` ON \`payload_locked_documents_rels\` (\`news_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_media_id_idx\` ON \`payload_locked_documents_rels\` (\`media_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_news_deliveries_id_idx\` ON \`payload_locked_documents_rels\` (\`news_deliveries_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_help_pages_id_idx\` ON \`payload_locked_documents_rels\` (\`help_pages_id\`);`)
  await db.run(sql`DROP INDEX \`licenses_kid_idx\`;`)
  await db.run(sql`ALTER TABLE \`licenses\` DROP COLUMN \`format\`;`)
  await db.run(sql`ALTER TABLE \`licenses\` DROP COLUMN \`revocation_list_number\`;`)
  await db.run(sql`ALTER TABLE \`controllers\` DROP COLUMN \`license_format\`;`)
  await db.run(sql`ALTER TABLE \`controllers\` DROP COLUMN \`revocation_list_number\`;`)
  await db.run(sql`ALTER TABLE \`controllers\` DROP COLUMN \`enforces_option_end_dates\`;`)
  await db.run(sql`ALTER TABLE \`signing_keys\` DROP COLUMN \`certificate\`;`)
  await db.run(sql`ALTER TABLE \`signing_keys\` DROP COLUMN \`certificate_root_kid\`;`)
  await db.run(sql`ALTER TABLE \`signing_keys\` DROP COLUMN \`certified_from\`;`)
  await db.run(sql`ALTER TABLE \`signing_keys\` DROP COLUMN \`certified_until\`;`)
  await db.run(sql`ALTER TABLE \`signing_keys\` DROP COLUMN \`revoked_at\`;`)
  await db.run(sql`ALTER TABLE \`signing_keys\` DROP COLUMN \`revoked_by_list\`;`)
}
