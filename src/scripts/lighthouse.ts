/**
 * `npm run lighthouse` — Lighthouse (mobile profile, simulated throttling) on the portal as a customer
 * sees it: the login page, My controllers, one controller and /news.
 *
 * Same set-up as the page figures of `npm run bench`: a production build in NEXT_DIST_DIR (default
 * .next-bench, built when the sources changed), a fresh seeded SQLite database (a customer with 50
 * controllers, licenses, the demo news with covers), the server as a child process on a free port,
 * the customer's `payload-token` cookie sent as an extra header. Chromium is the one the browser tests
 * use (find-chromium.ts: CHROMIUM_PATH, the system's, or the one @sparticuz/chromium brings), found
 * before anything is built. Prints each page's performance and accessibility scores and what cost
 * points; full reports land in test-results/lighthouse/. Exit 1 when performance < 90 or accessibility
 * < 95 on any page.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import * as chromeLauncher from 'chrome-launcher'
import lighthouse, { type Result } from 'lighthouse'

import { login } from './bench/login'
import { ensurePagesBuild, PAGES_DIST_DIR } from './bench/pages'
import { seedBench } from './bench/seed-bench'
import { startServerChild } from './bench/server-process'
import { shortCommit } from './commit'
import { CHROMIUM_FLAGS, findChromium } from './find-chromium'

const GOALS = { performance: 90, accessibility: 95 }
const CHROME_FLAGS = ['--headless=new', ...CHROMIUM_FLAGS]
const REPORT_DIR = path.join('test-results', 'lighthouse')

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-lighthouse-'))
const env: Record<string, string> = {
  DATA_DIR: dataDir,
  DATABASE_URI: `file:${path.join(dataDir, 'lighthouse.db')}`,
  PAYLOAD_SECRET: 'lighthouse-secret-0123456789abcdef0123456789abcdef',
  DB_PUSH: '1',
  LOG_LEVEL: 'warn',
  DISABLE_PAYLOAD_HMR: 'true',
  NEXT_TELEMETRY_DISABLED: '1',
}

async function seed() {
  Object.assign(process.env, env)
  const { default: config } = await import('@payload-config')
  const { getPayload } = await import('payload')
  const payload = await getPayload({ config })
  const data = await seedBench(payload, { customers: 0, perCustomer: 0, pages: true }, () => {})
  await payload.destroy()
  return data.pageCustomer
}

/** The audits that cost a category points: failed ones (accessibility) or with savings (performance). */
function findings(lhr: Result, category: 'performance' | 'accessibility'): string[] {
  const out: string[] = []
  for (const ref of lhr.categories[category].auditRefs) {
    const a = lhr.audits[ref.id]
    if (!a || a.score === null || a.score >= 0.9 || (category === 'performance' && ref.weight === 0 && !a.details)) continue
    if (a.scoreDisplayMode === 'informative' || a.scoreDisplayMode === 'notApplicable' || a.scoreDisplayMode === 'manual') continue
    const items = a.details && 'items' in a.details && Array.isArray(a.details.items) ? (a.details.items as Array<{ node?: { snippet?: string } }>) : []
    const nodes = items.map((i) => i.node?.snippet).filter(Boolean).slice(0, 3).join(' ')
    out.push(`${a.id} (${a.score})${a.displayValue ? ` ${a.displayValue}` : ''}${nodes ? ` — ${nodes}` : ''}`)
  }
  return out
}

async function main() {
  const browser = await findChromium()
  ensurePagesBuild(env)
  const customer = await seed()
  const server = await startServerChild({ ...env, NODE_ENV: 'production', NEXT_DIST_DIR: PAGES_DIST_DIR })
  const origin = `http://localhost:${server.port}` // the SERVER_URL the server child was given
  const chrome = await chromeLauncher.launch({ chromePath: browser.executablePath, chromeFlags: CHROME_FLAGS, envVars: { ...process.env, ...browser.env } })
  let failed = false
  try {
    const Cookie = (await login(server.url, customer.email)).cookie
    const pages: Array<[string, string, Record<string, string> | undefined]> = [
      ['login', '/login', undefined],
      ['my-controllers', '/account/controllers', { Cookie }],
      ['controller', `/account/controllers/${customer.controllerIds[0]}`, { Cookie }],
      ['news', '/news', { Cookie }],
    ]
    fs.mkdirSync(REPORT_DIR, { recursive: true })
    const rows: string[] = []
    for (const [name, p, extraHeaders] of pages) {
      await fetch(origin + p, { headers: { ...extraHeaders, 'sec-fetch-site': 'same-origin' } }) // the first render of a route is not what we measure
      let lhr: Result | undefined
      // A trace Chromium records badly (NO_NAVSTART, now and then here) fails the run: try up to three times.
      for (let attempt = 1; attempt <= 3 && (!lhr || lhr.runtimeError); attempt++) {
        if (lhr?.runtimeError) console.error(`[lighthouse] ${p}: ${lhr.runtimeError.code}, running it again`)
        lhr = (await lighthouse(origin + p, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'], extraHeaders }))?.lhr
      }
      if (!lhr) throw new Error(`Lighthouse returned nothing for ${p}`)
      fs.writeFileSync(path.join(REPORT_DIR, `${name}.json`), JSON.stringify(lhr))
      if (lhr.finalDisplayedUrl !== origin + p) throw new Error(`${p} ended on ${lhr.finalDisplayedUrl} (not logged in?)`)
      const perf = Math.round((lhr.categories.performance.score ?? 0) * 100)
      const a11y = Math.round((lhr.categories.accessibility.score ?? 0) * 100)
      const ok = perf >= GOALS.performance && a11y >= GOALS.accessibility
      failed ||= !ok
      const m = (id: string) => lhr.audits[id]?.displayValue ?? '?'
      rows.push(`| ${p.replace(/\/\d+$/, '/:id')} | ${perf} | ${a11y} | ${m('first-contentful-paint')} | ${m('largest-contentful-paint')} | ${m('total-blocking-time')} | ${m('cumulative-layout-shift')} | ${ok ? 'yes' : 'NO'} |`)
      for (const f of [...findings(lhr, 'performance'), ...findings(lhr, 'accessibility')]) console.error(`[lighthouse] ${p}: ${f}`)
    }
    const commit = shortCommit()
    const version = JSON.parse(fs.readFileSync(path.join('node_modules', 'lighthouse', 'package.json'), 'utf8')).version
    console.log(`# Lighthouse ${version}, mobile profile (simulated throttling) — commit ${commit}, ${os.cpus().length} CPUs, production build in ${PAGES_DIST_DIR}`)
    console.log('A busy shared machine lowers the performance scores: compare runs on the same machine only.\n')
    console.log(`| page | performance | accessibility | FCP | LCP | TBT | CLS | goal (≥ ${GOALS.performance} / ≥ ${GOALS.accessibility}) |`)
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- |')
    for (const r of rows) console.log(r)
    console.log(`\nfull reports: ${REPORT_DIR}/*.json`)
  } finally {
    chrome.kill()
    await server.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
  if (failed) process.exitCode = 1
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
