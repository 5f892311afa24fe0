import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`ALTER TABLE \`users\` ADD \`closure_requested_at\` text;`)
  await db.run(sql`ALTER TABLE \`users\` ADD \`closed_at\` text;`)
  await db.run(sql`CREATE INDEX \`users_closure_requested_at_idx\` ON \`users\` (\`closure_requested_at\`);`)
  await db.run(sql`CREATE INDEX \`users_closed_at_idx\` ON \`users\` (\`closed_at\`);`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP INDEX \`users_closure_requested_at_idx\`;`)
  await db.run(sql`DROP INDEX \`users_closed_at_idx\`;`)
  await db.run(sql`ALTER TABLE \`users\` DROP COLUMN \`closure_requested_at\`;`)
  await db.run(sql`ALTER TABLE \`users\` DROP COLUMN \`closed_at\`;`)
}
