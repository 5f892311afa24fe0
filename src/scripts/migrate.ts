/** `npm run migrate`: bring the database schema up to date with ./migrations (Payload runs them on init). */
import { getPayload } from 'payload'

import config from '@payload-config'

process.env.DISABLE_PAYLOAD_HMR = 'true'
const payload = await getPayload({ config })
payload.logger.info('database schema is up to date')
await payload.destroy()
process.exit(0)
