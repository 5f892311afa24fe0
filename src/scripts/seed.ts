/** `npm run seed`: add the demo data (idempotent: only what is missing is created). */
import { getPayload } from 'payload'

import config from '@payload-config'
import { seed } from '@/seed'

process.env.DISABLE_PAYLOAD_HMR = 'true'
const payload = await getPayload({ config })
await seed(payload)
await payload.destroy()
process.exit(0)
