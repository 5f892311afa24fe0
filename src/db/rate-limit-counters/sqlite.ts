/**
 * Rate-limit counters on SQLite: each hit is one `INSERT … ON CONFLICT(key) DO UPDATE SET hits = CASE
 * WHEN reset_at <= now THEN 1 ELSE hits + 1 END … RETURNING` (the database serialises writers; WAL and
 * the busy timeout make them queue).
 */
import type { RawSqlite } from '../raw'
import { counterOf, type CounterStore } from './counter'

const TABLE = 'rate_limit_counters'
const iso = (d: Date) => d.toISOString()

export function sqliteCounters(sql: RawSqlite): CounterStore {
  return {
    async increment(key, now, resetAt) {
      // ISO-8601 UTC strings of one length compare like the instants they name.
      const { rows } = await sql.execute({
        sql:
          `INSERT INTO ${TABLE} (key, hits, reset_at) VALUES (?1, 1, ?2) ` +
          `ON CONFLICT(key) DO UPDATE SET ` +
          `hits = CASE WHEN ${TABLE}.reset_at <= ?3 THEN 1 ELSE ${TABLE}.hits + 1 END, ` +
          `reset_at = CASE WHEN ${TABLE}.reset_at <= ?3 THEN excluded.reset_at ELSE ${TABLE}.reset_at END ` +
          `RETURNING hits, reset_at`,
        args: [key, iso(resetAt), iso(now)],
      })
      return counterOf(rows[0].hits, rows[0].reset_at)
    },
    async get(key, now) {
      const { rows } = await sql.execute({ sql: `SELECT hits, reset_at FROM ${TABLE} WHERE key = ?1 AND reset_at > ?2`, args: [key, iso(now)] })
      return rows[0] ? counterOf(rows[0].hits, rows[0].reset_at) : undefined
    },
    async decrement(key, now) {
      await sql.execute({ sql: `UPDATE ${TABLE} SET hits = MAX(hits - 1, 0) WHERE key = ?1 AND reset_at > ?2`, args: [key, iso(now)] })
    },
    async reset(key) {
      await sql.execute({ sql: `DELETE FROM ${TABLE} WHERE key = ?1`, args: [key] })
    },
    async resetPrefix(prefix) {
      await sql.execute({ sql: `DELETE FROM ${TABLE} WHERE substr(key, 1, ?2) = ?1`, args: [prefix, prefix.length] })
    },
    async sweep(now) {
      await sql.execute({ sql: `DELETE FROM ${TABLE} WHERE reset_at <= ?1`, args: [iso(now)] })
    },
  }
}

