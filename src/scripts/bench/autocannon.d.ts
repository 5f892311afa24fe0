/** The part of autocannon's API the benchmark and soak scripts use (the package ships no types). */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events'

  export interface AutocannonRequest {
    method?: string
    path?: string
    headers?: Record<string, string>
    body?: string
    setupRequest?: (req: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest
  }
  export interface AutocannonOptions {
    url: string
    connections?: number
    duration?: number
    amount?: number
    timeout?: number
    pipelining?: number
    headers?: Record<string, string>
    requests?: AutocannonRequest[]
  }
  export interface AutocannonResult {
    duration: number
    errors: number
    timeouts: number
    non2xx: number
    requests: { total: number; average: number }
    latency: { p50: number; p90: number; p99: number; max: number }
  }
  interface Instance extends EventEmitter, PromiseLike<AutocannonResult> {
    stop(): void
  }
  function autocannon(options: AutocannonOptions): Instance
  export default autocannon
}
