/**
 * HTTP requests sent exactly as spelled: `fetch` (and every browser) normalises the URL before it
 * sends it (dot segments, `%2e`, backslashes), so an attacker's `/api/x/../users/login` never leaves a
 * fetch as written. node:http sends the request target byte for byte.
 */
import http from 'node:http'

import type { ApiResponse } from './http'

export interface RawOptions {
  headers?: Record<string, string>
  /** A JSON value (sent with content-type application/json) or a raw body. */
  body?: unknown
  rawBody?: string | Buffer
  token?: string
}

export function rawClient(baseUrl: string) {
  const { hostname, port } = new URL(baseUrl)
  return function raw<T = any>(method: string, target: string, opts: RawOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) }
    let body: Buffer | undefined
    if (opts.rawBody !== undefined) body = Buffer.from(opts.rawBody)
    else if (opts.body !== undefined) {
      body = Buffer.from(JSON.stringify(opts.body))
      headers['content-type'] ??= 'application/json'
    }
    if (body) headers['content-length'] = String(body.length)
    if (opts.token) headers.authorization = `JWT ${opts.token}`
    return new Promise((resolve, reject) => {
      let answered = false
      const req = http.request({ hostname, port, method, path: target, headers, agent: false }, (res) => {
        answered = true
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let parsed: unknown
          try {
            parsed = text ? JSON.parse(text) : undefined
          } catch {
            parsed = undefined
          }
          const h = new Headers()
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v)
          resolve({ status: res.statusCode ?? 0, body: parsed as T, headers: h, text })
        })
      })
      // A server that answers before reading a large body may close while it is still being sent.
      req.on('error', (err) => (answered ? undefined : reject(err)))
      req.end(body)
    })
  }
}

export type RawApi = ReturnType<typeof rawClient>
