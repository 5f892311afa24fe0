/**
 * Serves Payload's REST API (everything under /api) straight from express, without Next.js: used for
 * API-only processes (workers, benchmarks and the integration tests) with the same middleware stack.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { handleEndpoints, type Payload } from 'payload'

export function apiHandler(payload: Payload) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`)
      if (!url.pathname.startsWith('/api/')) {
        res.statusCode = 404
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify({ errors: [{ message: 'Not found' }] }))
        return
      }
      const headers = new Headers()
      for (const [k, v] of Object.entries(req.headers)) {
        if (Array.isArray(v)) v.forEach((x) => headers.append(k, x))
        else if (v !== undefined) headers.set(k, v)
      }
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
      const request = new Request(url, {
        method: req.method,
        headers,
        body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
        duplex: hasBody ? 'half' : undefined,
      } as RequestInit)
      const response = await handleEndpoints({ config: payload.config, request })
      res.statusCode = response.status
      response.headers.forEach((value, key) => {
        if (key === 'set-cookie') return
        res.setHeader(key, value)
      })
      const cookies = response.headers.getSetCookie?.() ?? []
      if (cookies.length) res.setHeader('set-cookie', cookies)
      if (response.body) {
        const buf = Buffer.from(await response.arrayBuffer())
        res.end(buf)
      } else res.end()
    } catch (err) {
      payload.logger.error({ err }, 'API handler failed')
      if (!res.headersSent) {
        res.statusCode = 500
        res.setHeader('content-type', 'application/json')
      }
      res.end(JSON.stringify({ errors: [{ message: 'Something went wrong.' }] }))
    }
  }
}
