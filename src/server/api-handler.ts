/**
 * Serves Payload's REST API (everything under /api) straight from express, without Next.js, in every
 * mode: the full server (portal and admin pages by Next.js) and API-only processes alike. Next's own
 * REST route makes the same call (`handleEndpoints`) behind its routing layer; answering it here means
 * the API that production serves is the one the integration tests exercise, and it skips Next's routing
 * work on every API request (docs/performance.md). Payload is handed the request's canonical path
 * (src/server/request-identity.ts), the one every guard in front of it keyed on.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import { handleEndpoints, type Payload } from 'payload'

import { refuseUnusableInput } from './input-checks'
import { identityOf } from './request-identity'
import { unservedBuiltinRoute } from './unserved-builtin-routes'

export function apiHandler(payload: Payload) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const identity = identityOf(req)
      const unserved = identity.api ? unservedBuiltinRoute(payload.config, identity.method, identity.path) : 'Not found'
      if (unserved) {
        res.statusCode = 404
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify({ errors: [{ message: unserved }] }))
        return
      }
      const unusable = await refuseUnusableInput(payload, identity.method, identity.path, identity.search)
      if (unusable) {
        res.statusCode = unusable.status
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify({ errors: [{ message: unusable.message }] }))
        return
      }
      const headers = new Headers()
      for (const [k, v] of Object.entries(req.headers)) {
        if (Array.isArray(v)) v.forEach((x) => headers.append(k, x))
        else if (v !== undefined) headers.set(k, v)
      }
      // The canonical path and the query as received; a Host header that is not a host name gives way to localhost.
      const url = new URL(`${identity.path}${identity.search}`, `http://${URL.canParse(`http://${req.headers.host}`) ? req.headers.host : 'localhost'}`)
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
      if (!response.body) return void res.end()
      // JSON answers are built in memory anyway: sent in one piece. Files (exports, media, licenses)
      // are streamed, as they can be large.
      if (response.headers.get('content-type')?.startsWith('application/json')) return void res.end(Buffer.from(await response.arrayBuffer()))
      // The DOM's and node:stream/web's ReadableStream types differ; at run time both are Node's web stream.
      await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res)
    } catch (err) {
      payload.logger.error({ err }, 'API handler failed')
      if (res.headersSent) return void res.destroy()
      res.statusCode = 500
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ errors: [{ message: 'Something went wrong.' }] }))
    }
  }
}
