/**
 * Server-rendered portal pages from a production build (NEXT_DIST_DIR): a customer with 50
 * controllers — /account/controllers and /account/controllers/:id — and /news, logged in by cookie.
 */
import { load, type LoadFigures } from './load'
import { BENCH_PASSWORD } from './seed-bench'
import { startServerChild } from './server-process'

export async function pageFigures(env: Record<string, string>, distDir: string, customer: { email: string; controllerIds: (string | number)[] }, { seconds }: { seconds: number }): Promise<LoadFigures[]> {
  const server = await startServerChild({ ...env, NODE_ENV: 'production', NEXT_DIST_DIR: distDir })
  try {
    const res = await fetch(`${server.url}/api/users/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: customer.email, password: BENCH_PASSWORD }) })
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('payload-token='))!.split(';')[0]
    const headers = { cookie, 'sec-fetch-site': 'same-origin' }
    const paths = ['/account/controllers', `/account/controllers/${customer.controllerIds[0]}`, '/news']
    const rows: LoadFigures[] = []
    for (const path of paths) {
      for (let i = 0; i < 5; i++) await fetch(server.url + path, { headers }) // warm up
      rows.push(await load(`page GET ${path.replace(/\/\d+$/, '/:id')}`, server.url, { method: 'GET', path, headers }, { connections: 4, seconds }))
    }
    return rows
  } finally {
    await server.stop()
  }
}
