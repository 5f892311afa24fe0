import type { User } from '@payload-types'
import type { Payload } from 'payload'

/** Demo accounts — demo only: every one has the password below, documented in the README. */
export const DEMO_PASSWORD = 'pumotix-demo'

export const demoUsers = [
  { email: 'admin@pumotix.local', name: 'Anna Admin', phone: '+7 495 123-45-01', roles: ['admin'], language: 'en' },
  { email: 'manager@pumotix.local', name: 'Mikhail Sokolov', phone: '+7 495 123-45-02', roles: ['manager'], language: 'ru' },
  { email: 'editor@pumotix.local', name: 'Elena Petrova', phone: '+7 495 123-45-03', roles: ['editor'], language: 'ru' },
  { email: 'customer@pumotix.local', name: 'John Miller', phone: '+1 312 555 0142', roles: ['customer'], language: 'en', newsSubscribed: true },
  { email: 'customer2@pumotix.local', name: 'Ivan Kuznetsov', phone: '+7 912 345-67-89', roles: ['customer'], language: 'ru', newsSubscribed: true },
] as const

export type DemoUsers = Record<(typeof demoUsers)[number]['email'], User>

export async function seedUsers(payload: Payload): Promise<DemoUsers> {
  const out: Record<string, User> = {}
  for (const u of demoUsers) {
    const existing = await payload.find({ collection: 'users', where: { email: { equals: u.email } }, limit: 1, overrideAccess: true })
    out[u.email] =
      existing.docs[0] ??
      (await payload.create({
        collection: 'users',
        overrideAccess: true,
        disableVerificationEmail: true,
        data: { ...u, roles: [...u.roles], password: DEMO_PASSWORD, _verified: true },
      }))
  }
  return out as DemoUsers
}
