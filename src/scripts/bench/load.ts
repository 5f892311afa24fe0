/**
 * One load run with autocannon (in this process, against the server child): requests per second
 * and latency percentiles computed from every response time (autocannon itself reports no p95).
 */
import autocannon, { type AutocannonRequest } from 'autocannon'

import { percentile } from './timing'

export interface LoadFigures {
  name: string
  connections: number
  seconds: number
  completed: number
  perSecond: number
  p50: number
  p95: number
  p99: number
  statuses: Record<string, number>
  errors: number
  /** Every response time (ms), sorted. */
  times: number[]
}

/** Two runs of the same request as one: their responses and durations together. */
export function combine(a: LoadFigures, b: LoadFigures): LoadFigures {
  const times = [...a.times, ...b.times].sort((x, y) => x - y)
  const statuses = { ...a.statuses }
  for (const [s, n] of Object.entries(b.statuses)) statuses[s] = (statuses[s] ?? 0) + n
  const seconds = a.seconds + b.seconds
  return {
    ...a,
    seconds,
    completed: times.length,
    perSecond: times.length / seconds,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    statuses,
    errors: a.errors + b.errors,
    times,
  }
}


export async function load(name: string, url: string, request: AutocannonRequest, { connections = 8, seconds = 15 }: { connections?: number; seconds?: number } = {}): Promise<LoadFigures> {
  const times: number[] = []
  const statuses: Record<string, number> = {}
  const instance = autocannon({ url, connections, duration: seconds, timeout: 30, requests: [request] })
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    times.push(ms)
    statuses[status] = (statuses[status] ?? 0) + 1
  })
  const result = await instance
  times.sort((a, b) => a - b)
  return {
    name,
    connections,
    seconds: result.duration,
    completed: times.length,
    perSecond: times.length / result.duration,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    statuses,
    errors: result.errors + result.timeouts,
    times,
  }
}
