/**
 * Which requests the API handler answers in the full server (src/server/app.ts): all of Payload's REST
 * API, so that /api behaves and performs the same with and without Next.js; Next.js keeps every page
 * and one API route, the admin's Open Graph image. GraphQL is off, so /api/graphql is Payload's 404
 * like any unknown route (its Next.js route files are gone). The paths here are canonical: other
 * spellings are refused before this choice (src/server/request-identity.ts).
 * (The e2e suites drive the full server's /api through this routing.)
 */
import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from '@jest/globals'

import { servedByApiHandler } from '@/server/app'

test('Payload REST routes go to the API handler, GraphQL included', () => {
  for (const p of ['/api', '/api/controllers/12/apply', '/api/users/login', '/api/users/me', '/api/licenses/5/download', '/api/media/file/a.png', '/api/controllers/export.csv', '/api/graphql', '/api/graphql-playground', '/api/og/x', '/api/ogx']) {
    expect([p, servedByApiHandler(p)]).toEqual([p, true])
  }
})

test('pages, the admin and the Open Graph image stay with Next.js', () => {
  for (const p of ['/', '/login', '/account/controllers', '/admin', '/admin/collections/users', '/apis/x', '/api/og', '/_next/static/chunk.js']) {
    expect([p, servedByApiHandler(p)]).toEqual([p, false])
  }
})

test('Next.js has exactly one route under /api: the Open Graph image, GET only', () => {
  const apiDir = path.resolve(import.meta.dirname, '../../src/app/(payload)/api')
  const routes = fs.readdirSync(apiDir, { recursive: true, encoding: 'utf8' }).filter((f) => /(^|\/)route\.(ts|tsx|js)$/.test(f))
  expect(routes).toEqual(['og/route.ts'])
  const source = fs.readFileSync(path.join(apiDir, 'og/route.ts'), 'utf8')
  expect(source.match(/export const (\w+)/g)).toEqual(['export const GET'])
})
