/**
 * Fixtures for the boundary tests (test/boundary): a running server, a user and a token of every role
 * ("owner" is the customer whose documents the test is about, "other" another customer), an option on
 * sale and a controller the owner has claimed. Tokens come from the Local API so the HTTP login rate
 * limit is left alone.
 */
import type { Payload } from 'payload'

import { createController, createOption } from './licensing-fixtures'
import { startTestServer, type TestServer } from './server'
import { createUser, TEST_PASSWORD } from './users'

export type BoundaryRole = 'anonymous' | 'owner' | 'other' | 'editor' | 'manager' | 'admin'
export const BOUNDARY_ROLES: BoundaryRole[] = ['anonymous', 'owner', 'other', 'editor', 'manager', 'admin']

export interface Person {
  id: string | number
  email: string
}

export interface Boundary {
  server: TestServer
  users: Record<Exclude<BoundaryRole, 'anonymous'>, Person>
  tokens: Record<BoundaryRole, string | undefined>
  option: { id: string | number; code: string; price: number }
  controller: { id: string | number; serial: string }
}

async function tokenOf(payload: Payload, email: string): Promise<string> {
  const { token } = await payload.login({ collection: 'users', data: { email, password: TEST_PASSWORD } })
  if (!token) throw new Error(`no token for ${email}`)
  return token
}

export async function startBoundary(extraEnv: Record<string, string> = {}): Promise<Boundary> {
  const server = await startTestServer(extraEnv)
  const p = server.payload
  const users = {
    owner: (await createUser(p, 'customer')) as unknown as Person,
    other: (await createUser(p, 'customer')) as unknown as Person,
    editor: (await createUser(p, 'editor')) as unknown as Person,
    manager: (await createUser(p, 'manager')) as unknown as Person,
    admin: (await createUser(p, 'admin')) as unknown as Person,
  }
  const tokens: Boundary['tokens'] = { anonymous: undefined, owner: '', other: '', editor: '', manager: '', admin: '' }
  for (const role of Object.keys(users) as (keyof typeof users)[]) tokens[role] = await tokenOf(p, users[role].email)
  const option = (await createOption(p, { price: 12900 })) as unknown as Boundary['option']
  const controller = (await createController(p, { owner: users.owner.id, claimedAt: new Date().toISOString() })) as unknown as Boundary['controller']
  return { server, users, tokens, option, controller }
}

/** How many documents a collection holds, whoever may see them. */
export async function countOf(payload: Payload, collection: string): Promise<number> {
  return (await payload.count({ collection: collection as 'orders', overrideAccess: true })).totalDocs
}

/**
 * An order the owner places through POST /api/orders (the place-order endpoint), as the portal does;
 * for a new option each time unless one is given (an option waiting for payment cannot be ordered twice).
 */
export async function placeOrder(b: Boundary, optionId?: string | number, extra: Record<string, unknown> = {}) {
  optionId ??= (await createOption(b.server.payload)).id
  const res = await b.server.api('POST', '/api/orders', { token: b.tokens.owner, body: { controller: b.controller.id, items: [{ option: optionId }], ...extra } })
  if (res.status !== 201) throw new Error(`placing an order failed: ${res.status} ${res.text}`)
  return res.body.doc as { id: string | number; number: string; total: number; status: string }
}
