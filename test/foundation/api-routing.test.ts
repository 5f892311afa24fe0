/**
 * Which requests the API handler answers in the full server (src/server/app.ts): all of /api, so that
 * it behaves and performs the same with and without Next.js and passes the same guards; Next.js keeps
 * every page and has no route under /api (GraphQL is off, so /api/graphql is Payload's 404 like any
 * unknown route). The paths here are canonical: other spellings are refused before this choice
 * (src/server/request-identity.ts). (The e2e suites drive the full server's /api through this routing.)
 */
import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from '@jest/globals'

import { servedByApiHandler } from '@/server/app'

test('all of /api goes to the API handler, GraphQL and the Open Graph image included', () => {
  for (const p of ['/api', '/api/controllers/12/apply', '/api/users/login', '/api/users/me', '/api/licenses/5/download', '/api/media/file/a.png', '/api/controllers/export.csv', '/api/graphql', '/api/graphql-playground', '/api/og']) {
    expect([p, servedByApiHandler(p)]).toEqual([p, true])
  }
})

test('pages and the admin stay with Next.js', () => {
  for (const p of ['/', '/login', '/account/controllers', '/admin', '/admin/collections/users', '/apis/x', '/_next/static/chunk.js']) {
    expect([p, servedByApiHandler(p)]).toEqual([p, false])
  }
})

test('Next.js has no route under /api (no second way into the REST API)', () => {
  const app = path.resolve(import.meta.dirname, '../../src/app')
  const apiRoutes = fs.readdirSync(app, { recursive: true, encoding: 'utf8' }).filter((f) => f.split(path.sep).includes('api'))
  expect(apiRoutes).toEqual([])
})
