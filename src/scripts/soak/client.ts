/**
 * HTTP for the soak: one call = one route label, a status (or "connection error" / "timeout" when
 * no answer came, e.g. while the server is killed) and a duration, counted per route.
 */
export type Outcome = { ok: true; status: number; body: unknown } | { ok: false; failure: 'connection error' | 'timeout' }

export class RouteStats {
  private counts = new Map<string, Map<string, number>>()
  private times = new Map<string, number[]>()
  /** The first few 5xx answers, for the report. */
  readonly serverErrorSamples: string[] = []
  /** The first answer of each 4xx status per route (what the server refused, and why), for the report. */
  readonly clientErrorSamples = new Map<string, string>()

  record(route: string, result: string, ms: number) {
    const byResult = this.counts.get(route) ?? new Map<string, number>()
    byResult.set(result, (byResult.get(result) ?? 0) + 1)
    this.counts.set(route, byResult)
    if (/^\d+$/.test(result)) {
      const t = this.times.get(route) ?? []
      t.push(ms)
      this.times.set(route, t)
    }
  }

  serverErrors(): number {
    let n = 0
    for (const byResult of this.counts.values()) for (const [r, c] of byResult) if (/^5\d\d$/.test(r)) n += c
    return n
  }

  total(): number {
    let n = 0
    for (const byResult of this.counts.values()) for (const c of byResult.values()) n += c
    return n
  }

  rows(): { route: string; results: string; p50: number; p95: number; p99: number }[] {
    const pct = (xs: number[], p: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] : NaN)
    return [...this.counts.keys()].sort().map((route) => {
      const t = [...(this.times.get(route) ?? [])].sort((a, b) => a - b)
      const results = [...this.counts.get(route)!.entries()].sort().map(([r, c]) => `${r}×${c}`).join(' ')
      return { route, results, p50: Math.round(pct(t, 50)), p95: Math.round(pct(t, 95)), p99: Math.round(pct(t, 99)) }
    })
  }
}

export async function call(
  stats: RouteStats,
  baseUrl: string,
  route: string,
  path: string,
  init: { method?: string; token?: string; body?: string; headers?: Record<string, string> } = {},
  timeoutMs = 60_000,
): Promise<Outcome> {
  const headers: Record<string, string> = { ...init.headers }
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  if (init.token) headers.authorization = `JWT ${init.token}`
  const t0 = performance.now()
  try {
    const res = await fetch(baseUrl + path, { method: init.method ?? 'GET', headers, body: init.body, signal: AbortSignal.timeout(timeoutMs) })
    const text = await res.text()
    const ms = performance.now() - t0
    stats.record(route, String(res.status), ms)
    if (res.status >= 500 && stats.serverErrorSamples.length < 10) stats.serverErrorSamples.push(`${route} ${res.status}: ${text.slice(0, 300)}`)
    const label = `${route} ${res.status}`
    if (res.status >= 400 && res.status < 500 && !stats.clientErrorSamples.has(label)) stats.clientErrorSamples.set(label, text.slice(0, 300))
    let body: unknown = text
    try {
      body = JSON.parse(text)
    } catch {
      // not JSON: keep the text
    }
    return { ok: true, status: res.status, body }
  } catch (err) {
    const failure = (err as Error).name === 'TimeoutError' ? 'timeout' : 'connection error'
    stats.record(route, failure, performance.now() - t0)
    return { ok: false, failure }
  }
}
