/**
 * Server-rendered portal pages from a production build (NEXT_DIST_DIR, default .next-bench — built
 * here when the sources changed, never into .next or .next-e2e): a customer with 50 controllers —
 * /account/controllers and /account/controllers/:id — and /news, logged in by the payload-token cookie.
 * Each page is checked (200, its own content), warmed up with a short unrecorded run, then measured.
 */
import path from 'node:path'

import { buildIfNeeded } from '../build-if-needed'
import { load, type LoadFigures } from './load'
import { login } from './login'
import { startServerChild, type ServerChild } from './server-process'

export const PAGES_DIST_DIR = process.env.NEXT_DIST_DIR || '.next-bench'

/** Builds the production app into PAGES_DIST_DIR unless that build matches the sources (`env`: the bench's secret and data dir). */
export function ensurePagesBuild(env: Record<string, string>): void {
  if (['.next', '.next-e2e'].includes(path.normalize(PAGES_DIST_DIR))) throw new Error(`the bench never builds into ${PAGES_DIST_DIR}: use NEXT_DIST_DIR=.next-bench`)
  process.env.NEXT_DIST_DIR = PAGES_DIST_DIR // buildIfNeeded reads the dist dir from here
  buildIfNeeded({ ...process.env, ...env, NEXT_DIST_DIR: PAGES_DIST_DIR, NODE_OPTIONS: '--no-deprecation' })
}

/** The full production server (pages and API) from PAGES_DIST_DIR, as `npm start` runs it. */
export function startFullServer(env: Record<string, string>): Promise<ServerChild> {
  return startServerChild({ ...env, NODE_ENV: 'production', NEXT_DIST_DIR: PAGES_DIST_DIR })
}

/** The portal pages' figures on `server`, a full server (startFullServer). */
export async function pageFigures(server: ServerChild, customer: { email: string; controllerIds: (string | number)[] }, { seconds, connections = 4 }: { seconds: number; connections?: number }): Promise<LoadFigures[]> {
  const { cookie } = await login(server.url, customer.email)
  const headers = { cookie, 'sec-fetch-site': 'same-origin' }
  const pages: Array<[string, RegExp]> = [
    ['/account/controllers', /3000000\d{3}/],
    [`/account/controllers/${customer.controllerIds[0]}`, /\.lic/],
    ['/news', /news-card/],
  ]
  const rows: LoadFigures[] = []
  for (const [p, expect] of pages) {
    const res = await fetch(server.url + p, { headers, redirect: 'manual' })
    const html = await res.text()
    if (res.status !== 200 || !expect.test(html)) throw new Error(`GET ${p}: ${res.status}, ${html.length} bytes, expected ${expect}`)
    await load('warm-up', server.url, { method: 'GET', path: p, headers }, { connections, seconds: 3 })
    const name = `page GET ${p.replace(/\/\d+$/, '/:id')} (${(html.length / 1024).toFixed(0)} KB)`
    rows.push(await load(name, server.url, { method: 'GET', path: p, headers }, { connections, seconds }))
  }
  return rows
}
