import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`ALTER TABLE \`users\` ADD \`is_customer\` integer DEFAULT false;`)
  await db.run(sql`CREATE INDEX \`users_is_customer_idx\` ON \`users\` (\`is_customer\`);`)
  // Existing users: the flag mirrors the customer role (hooks/setIsCustomer.ts keeps it from now on).
  await db.run(sql`UPDATE \`users\` SET \`is_customer\` = EXISTS (SELECT 1 FROM \`users_roles\` r WHERE r.\`parent_id\` = \`users\`.\`id\` AND r.\`value\` = 'customer');`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP INDEX \`users_is_customer_idx\`;`)
  await db.run(sql`ALTER TABLE \`users\` DROP COLUMN \`is_customer\`;`)
}
