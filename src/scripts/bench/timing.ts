/** Timing a synchronous operation n times (after a warm-up): sorted per-call times in ms and the rate. */
export const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN)

export interface Timing {
  /** Per-call times in milliseconds, sorted ascending. */
  times: number[]
  perSecond: number
}

export function timeCalls(n: number, fn: (i: number) => void, warmup = 3): Timing {
  for (let i = 0; i < warmup; i++) fn(i)
  const times: number[] = []
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint()
    fn(i)
    times.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  const total = Number(process.hrtime.bigint() - start) / 1e9
  times.sort((a, b) => a - b)
  return { times, perSecond: n / total }
}
