/**
 * Which requests the API handler answers in the full server (src/server/app.ts): all of Payload's REST
 * API, so that /api behaves and performs the same with and without Next.js; Next.js keeps its own API
 * routes and every page. (The e2e suites drive the full server's /api through this routing.)
 */
import { expect, test } from '@jest/globals'

import { servedByApiHandler } from '@/server/app'

test('Payload REST routes go to the API handler', () => {
  for (const p of ['/api/controllers/12/apply', '/api/users/login', '/api/users/me', '/api/licenses/5/download', '/api/media/file/a.png', '/api/controllers/export.csv']) {
    expect([p, servedByApiHandler(p)]).toEqual([p, true])
  }
})

test('pages, the admin and Next.js API routes stay with Next.js', () => {
  for (const p of ['/', '/login', '/account/controllers', '/admin', '/admin/collections/users', '/apis/x', '/api/graphql', '/api/graphql-playground', '/api/og', '/_next/static/chunk.js']) {
    expect([p, servedByApiHandler(p)]).toEqual([p, false])
  }
})
