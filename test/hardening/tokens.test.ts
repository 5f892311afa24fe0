/**
 * Tokens and accounts: a tampered or expired JWT gets 401 and no data; a password-reset token works
 * once; login and forgot-password answer the same for unknown e-mails as for known ones (status, body
 * and — within a generous factor — time; the strict timing figure is in `npm run bench`).
 */
import { execFile } from 'node:child_process'
import crypto from 'node:crypto'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'
import { tokenFor } from './fixtures'

const run = promisify(execFile)
let server: TestServer
let user: { id: string | number; email: string }
let token: string

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_LOGIN: '100000', RATE_LIMIT_FORGOT_PASSWORD: '100000' })
  user = (await createUser(server.payload, 'customer')) as never
  token = await tokenFor(server.payload, user.email)
})
afterAll(async () => {
  await server?.close()
})

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
const parts = (jwt: string) => {
  const [h, p, s] = jwt.split('.')
  return { header: JSON.parse(Buffer.from(h, 'base64url').toString()), payload: JSON.parse(Buffer.from(p, 'base64url').toString()), h, p, s }
}
/** A correctly signed token with chosen claims (what a stolen secret would allow; used here for "expired"). */
function signWith(secret: string, header: object, claims: object) {
  const body = `${b64(header)}.${b64(claims)}`
  return `${body}.${crypto.createHmac('sha256', new TextEncoder().encode(secret)).update(body).digest('base64url')}`
}

describe('tampered and expired JWTs', () => {
  const variants: Record<string, () => string> = {
    'claims changed (roles: admin), old signature': () => {
      const t = parts(token)
      return `${t.h}.${b64({ ...t.payload, roles: ['admin'] })}.${t.s}`
    },
    'signature flipped': () => {
      const t = parts(token)
      return `${t.h}.${t.p}.${t.s.slice(0, -2)}${t.s.endsWith('AA') ? 'BB' : 'AA'}`
    },
    'alg none': () => {
      const t = parts(token)
      return `${b64({ ...t.header, alg: 'none' })}.${t.p}.`
    },
    'signed with another secret': () => {
      const t = parts(token)
      return signWith('not-the-server-secret-0123456789abcdef', t.header, t.payload)
    },
    expired: () => {
      const t = parts(token)
      return signWith(server.payload.secret, t.header, { ...t.payload, iat: 1_600_000_000, exp: 1_600_000_600 })
    },
    garbage: () => 'not.a.jwt',
  }

  test.each(Object.keys(variants))('%s → 401 with no data, as Authorization header', async (name) => {
    const bad = variants[name]()
    for (const path of ['/api/users/me', `/api/users/${user.id}`, '/api/controllers', '/api/orders', '/api/licenses']) {
      for (const scheme of ['JWT', 'Bearer']) {
        const res = await server.api('GET', path, { headers: { authorization: `${scheme} ${bad}` } })
        expect({ path, scheme, status: res.status }).toEqual({ path, scheme, status: 401 })
        expect(res.text).not.toContain(user.email)
        expect(res.body.errors?.[0]?.message).toMatch(/log in/i)
      }
    }
    const write = await server.api('PATCH', `/api/users/${user.id}`, { headers: { authorization: `JWT ${bad}` }, body: { name: 'Changed' } })
    expect(write.status).toBe(401)
    expect((await server.payload.findByID({ collection: 'users', id: user.id, overrideAccess: true })).name).not.toBe('Changed')
  })

  test.each(Object.keys(variants))('%s → no data, as the session cookie', async (name) => {
    const bad = variants[name]()
    const headers = { cookie: `payload-token=${bad}`, 'sec-fetch-site': 'same-origin' }
    const me = await server.api('GET', '/api/users/me', { headers })
    expect(me.status).toBeLessThan(500)
    expect(me.body?.user ?? null).toBeNull()
    const list = await server.api('GET', '/api/controllers', { headers })
    expect([401, 403]).toContain(list.status)
  })

  test('the genuine token still works, and login is not blocked by a stale Authorization header', async () => {
    const ok = await server.api('GET', '/api/users/me', { token })
    expect(ok.status).toBe(200)
    expect(ok.body.user.email).toBe(user.email)
    const relogin = await server.api('POST', '/api/users/login', { headers: { authorization: 'JWT not.a.jwt' }, body: { email: user.email, password: TEST_PASSWORD } })
    expect(relogin.status).toBe(200)
  })
})

test('a password-reset token works once', async () => {
  const u = await createUser(server.payload, 'customer')
  const forgot = await server.api('POST', '/api/users/forgot-password', { body: { email: u.email } })
  expect(forgot.status).toBe(200)
  // The reset is done right after the answer (src/server/forgot-password.ts): wait for its token.
  let stored: { resetPasswordToken?: string } = {}
  for (let i = 0; i < 100 && !stored.resetPasswordToken; i++) {
    await new Promise((r) => setTimeout(r, 50))
    stored = (await server.payload.db.findOne({ collection: 'users', where: { id: { equals: u.id } } })) as typeof stored
  }
  expect(stored.resetPasswordToken).toMatch(/^[0-9a-f]{40}$/)
  const first = await server.api('POST', '/api/users/reset-password', { body: { token: stored.resetPasswordToken, password: 'brand-new-password-1' } })
  expect(first.status).toBe(200)
  const second = await server.api('POST', '/api/users/reset-password', { body: { token: stored.resetPasswordToken, password: 'attacker-password-2' } })
  expect([400, 403, 404]).toContain(second.status)
  await expect(server.payload.login({ collection: 'users', data: { email: u.email, password: 'brand-new-password-1' } })).resolves.toBeTruthy()
  await expect(server.payload.login({ collection: 'users', data: { email: u.email, password: 'attacker-password-2' } })).rejects.toThrow()
})

describe('no user enumeration', () => {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))
  /**
   * Timed by curl in its own process (time to the complete answer), so the server's work after the
   * answer cannot be mistaken for the answer's latency as it would with a client in this process.
   */
  async function timed(path: string, body: unknown) {
    const out = await run('curl', ['-s', '-X', 'POST', '-H', 'content-type: application/json', '--data', JSON.stringify(body), '-w', '\\n%{http_code} %{time_total}', server.url + path])
    const lines = out.stdout.trimEnd().split('\n')
    const [status, seconds] = lines.pop()!.split(' ')
    return { status: Number(status), body: JSON.parse(lines.join('\n')), ms: Number(seconds) * 1000 }
  }

  test.each([
    ['login', '/api/users/login', (email: string) => ({ email, password: 'wrong-password' })],
    ['forgot-password', '/api/users/forgot-password', (email: string) => ({ email })],
  ] as const)('%s: unknown and known e-mails get the same status and body, in about the same time (within 3×)', async (name, path, body) => {
    const known = await Promise.all(Array.from({ length: 10 }, () => createUser(server.payload, 'customer')))
    const k: number[] = []
    const u: number[] = []
    for (let i = 0; i < 10; i++) {
      // one attempt per account, so none reaches the lock-out or the reset-mail interval
      const a = await timed(path, body(known[i].email))
      await pause(150) // let the work after the answer (the reset e-mail) finish
      const b = await timed(path, body(`nobody-${i}-${Date.now()}@example.test`))
      await pause(150)
      expect(a.status).toBe(b.status)
      expect(a.body).toEqual(b.body)
      k.push(a.ms)
      u.push(b.ms)
    }
    const ratio = Math.max(median(k), median(u)) / Math.min(median(k), median(u))
    console.info(`${name} median over 10: known ${median(k).toFixed(1)} ms, unknown ${median(u).toFixed(1)} ms, ratio ${ratio.toFixed(2)} (noisy 2-core machine)`)
    expect(ratio).toBeLessThan(3)
  })
})
