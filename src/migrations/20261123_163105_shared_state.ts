import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE TABLE \`rate_limit_counters\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`key\` text NOT NULL,
  	\`hits\` numeric NOT NULL,
  	\`reset_at\` text NOT NULL
  );
  `)
  await db.run(sql`CREATE UNIQUE INDEX \`rate_limit_counters_key_idx\` ON \`rate_limit_counters\` (\`key\`);`)
  await db.run(sql`CREATE INDEX \`rate_limit_counters_reset_at_idx\` ON \`rate_limit_counters\` (\`reset_at\`);`)
  await db.run(sql`CREATE TABLE \`lock_leases\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`key\` text NOT NULL,
  	\`token\` text NOT NULL,
  	\`expires_at\` text NOT NULL
  );
  `)
  await db.run(sql`CREATE UNIQUE INDEX \`lock_leases_key_idx\` ON \`lock_leases\` (\`key\`);`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`rate_limit_counters\`;`)
  await db.run(sql`DROP TABLE \`lock_leases\`;`)
}
