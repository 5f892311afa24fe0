/** A rate-limit counter and the operations each database implements on it. */
export type Counter = { hits: number; resetAt: Date }

/** One client's counter in one limiter (keys carry the limiter's prefix). */
export interface CounterStore {
  increment(key: string, now: Date, resetAt: Date): Promise<Counter>
  get(key: string, now: Date): Promise<Counter | undefined>
  decrement(key: string, now: Date): Promise<void>
  reset(key: string): Promise<void>
  resetPrefix(prefix: string): Promise<void>
  sweep(now: Date): Promise<void>
}

export const counterOf = (hits: unknown, resetAt: unknown): Counter => ({ hits: Number(hits), resetAt: resetAt instanceof Date ? resetAt : new Date(String(resetAt)) })
