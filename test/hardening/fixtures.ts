/**
 * Two customers with a full set of documents each (controller, paid order, license), for the
 * hardening tests. Tokens come from the Local API so the HTTP login rate limit is left alone.
 */
import type { Payload } from 'payload'

import { issueLicense } from '@/domain/issue-license'
import { createController, createOption } from '../support/licensing-fixtures'
import { createUser, TEST_PASSWORD } from '../support/users'

export async function tokenFor(payload: Payload, email: string, password = TEST_PASSWORD): Promise<string> {
  const { token } = await payload.login({ collection: 'users', data: { email, password } })
  if (!token) throw new Error(`no token for ${email}`)
  return token
}

export interface CustomerSet {
  user: { id: string | number; email: string }
  token: string
  controller: { id: string | number; serial: string; hardwareId: string }
  order: { id: string | number; number: string }
  license: { id: string | number }
}

let n = 0

export async function customerWithEverything(payload: Payload, option: { id: string | number; code: string }): Promise<CustomerSet> {
  n += 1
  const user = (await createUser(payload, 'customer', { name: `Customer ${n}` })) as unknown as CustomerSet['user']
  const controller = (await createController(payload, { owner: user.id, notes: `staff note ${n}` })) as unknown as CustomerSet['controller']
  const order = (await payload.create({
    collection: 'orders',
    overrideAccess: true,
    data: {
      // A year no placed order uses, so these never meet the numbers the server gives out.
      number: `PMX-2099-${String(n).padStart(6, '0')}`,
      customer: user.id,
      controller: controller.id,
      items: [{ option: option.id, code: option.code, unitPrice: 100, currency: 'EUR' }],
      total: 100,
      currency: 'EUR',
      status: 'awaiting_payment',
    } as never,
  })) as unknown as CustomerSet['order']
  const license = await issueLicense(payload, { controllerId: controller.id, options: [] })
  return { user, token: await tokenFor(payload, user.email), controller, order, license }
}

export { createOption }
