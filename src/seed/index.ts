/**
 * Demo data for a newcomer's first start and for `npm run seed`. Idempotent: running it again adds
 * only what is missing. Never runs in production unless asked for explicitly.
 */
import type { Payload } from 'payload'

import { seedCatalogue } from './catalogue'
import { seedControllers } from './controllers'
import { seedHelpPages } from './help-pages'
import { seedNews } from './news'
import { seedUsers } from './users'

export async function seed(payload: Payload): Promise<void> {
  payload.logger.info('seeding demo data')
  const users = await seedUsers(payload)
  const options = await seedCatalogue(payload)
  await seedControllers(payload, users, options)
  await seedHelpPages(payload)
  await seedNews(payload, users)
  payload.logger.info('demo data ready')
}

export async function seedIfEmpty(payload: Payload): Promise<boolean> {
  const { totalDocs } = await payload.count({ collection: 'users', overrideAccess: true })
  if (totalDocs > 0) return false
  await seed(payload)
  return true
}
