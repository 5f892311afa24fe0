import type { Payload } from 'payload'

import type { Role } from '@/access/roles'

export const TEST_PASSWORD = 'correct-horse-battery'

let counter = 0

/** Creates a verified user of the given role, bypassing access control as staff tooling would. */
export async function createUser(payload: Payload, role: Role, overrides: Record<string, unknown> = {}) {
  counter += 1
  return payload.create({
    collection: 'users',
    overrideAccess: true,
    disableVerificationEmail: true,
    data: {
      email: `${role}${counter}-${Date.now()}@example.test`,
      name: `${role} ${counter}`,
      phone: '+49 30 1234567',
      password: TEST_PASSWORD,
      roles: [role],
      _verified: true,
      ...overrides,
    } as never,
  })
}

export async function createUsersOfEveryRole(payload: Payload) {
  return {
    admin: await createUser(payload, 'admin'),
    manager: await createUser(payload, 'manager'),
    editor: await createUser(payload, 'editor'),
    customer: await createUser(payload, 'customer'),
    customer2: await createUser(payload, 'customer'),
  }
}
