/**
 * Thousands of random and mutated request codes and malformed bodies against the claim, order,
 * apply and webhook endpoints: only 4xx answers, never a 5xx, and nothing changes.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import fc from 'fast-check'

import { signWebhook } from '@/domain/payment-webhook'
import { login } from '../support/http'
import { createController, createOption, requestCodeFor } from '../support/licensing-fixtures'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'

const SECRET = 'whsec-hostile-input'
let server: TestServer
let token: string
let controllerId: string | number
let validCode: string

beforeAll(async () => {
  server = await startTestServer({ PAYMENT_WEBHOOK_SECRET: SECRET, RATE_LIMIT_CLAIM: '100000' })
  const customer = await createUser(server.payload, 'customer')
  token = await login(server.api, customer.email, TEST_PASSWORD)
  await createOption(server.payload, { code: 'THC' })
  const mine = await createController(server.payload, { owner: customer.id })
  controllerId = mine.id
  const unclaimed = await createController(server.payload)
  validCode = requestCodeFor(unclaimed)
})
afterAll(async () => {
  await server?.close()
})

async function snapshot() {
  const count = async (collection: 'controllers' | 'orders' | 'licenses' | 'payments') => (await server.payload.count({ collection, overrideAccess: true })).totalDocs
  const owned = await server.payload.count({ collection: 'controllers', where: { owner: { exists: true } }, overrideAccess: true })
  return { controllers: await count('controllers'), orders: await count('orders'), licenses: await count('licenses'), payments: await count('payments'), owned: owned.totalDocs }
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const mutatedCode = fc
  .tuple(fc.nat(), fc.constantFrom(...'0123456789ABCDEFGHJKMNPQRSTVWXYZUIO-* \n'.split('')), fc.constantFrom('replace', 'delete', 'insert', 'swap'))
  .map(([n, ch, op]) => {
    const chars = validCode.split('')
    const i = 5 + (n % (chars.length - 5))
    if (op === 'replace') chars[i] = chars[i] === ch ? ALPHABET[(ALPHABET.indexOf(ch) + 1) % 32] : ch
    if (op === 'delete') chars.splice(i, 1)
    if (op === 'insert') chars.splice(i, 0, ch)
    if (op === 'swap' && i + 1 < chars.length) [chars[i], chars[i + 1]] = [chars[i + 1], chars[i]]
    return chars.join('')
  })
  // Mutations the parser forgives on purpose (spaces, dashes, O for 0, I/L for 1) give the same code.
  .filter((c) => normalize(c) !== normalize(validCode))

function normalize(code: string) {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
}

const junk = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 4 }),
  fc.string({ maxLength: 60 }).map((s) => `PMX1-${s}`),
)

test('random and mutated request codes get 4xx and claim nothing', async () => {
  const before = await snapshot()
  const statuses = new Map<number, number>()
  await fc.assert(
    fc.asyncProperty(fc.oneof(mutatedCode, junk), async (requestCode) => {
      const res = await server.api('POST', '/api/controllers/claim', { token, body: { requestCode } })
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
      return res.status >= 400 && res.status < 500
    }),
    { numRuns: 1500 },
  )
  expect(await snapshot()).toEqual(before)
  expect(statuses.get(400)).toBeGreaterThan(0)
})

test('malformed bodies to claim, order, apply and webhook get 4xx and change nothing', async () => {
  const before = await snapshot()
  const rawBodies = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.json().map(String),
    fc.constantFrom('', '{', '[]', 'null', '"x"', '{"requestCode":', '{"options":"THC"}', '{"items":{}}', '{"controller":-1,"items":[{}]}'),
    fc.record({ controller: junk, items: fc.oneof(junk, fc.array(fc.record({ option: junk }), { maxLength: 3 })) }).map((o) => JSON.stringify(o)),
    fc.record({ options: fc.oneof(junk, fc.array(junk, { maxLength: 4 })) }).map((o) => JSON.stringify(o)),
  )
  const routes = fc.constantFrom(
    '/api/controllers/claim',
    '/api/orders',
    `/api/controllers/${controllerId}/apply`,
    '/api/controllers/999999/apply',
    '/api/controllers/not-an-id/apply',
    '/api/payments/webhook',
  )
  await fc.assert(
    fc.asyncProperty(routes, rawBodies, fc.boolean(), async (route, raw, signed) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      if (route === '/api/payments/webhook' && signed) headers['x-pumotix-signature'] = signWebhook(raw, SECRET)
      const res = await server.api('POST', route, { token, rawBody: raw, headers })
      if (route.endsWith(`/${controllerId}/apply`) && res.status === 201) return true // a valid apply ({"options":[]}) may be generated
      return res.status >= 400 && res.status < 500
    }),
    { numRuns: 1500 },
  )
  const after = await snapshot()
  expect({ ...after, licenses: before.licenses }).toEqual(before)
})
