/**
 * Run as a separate process before an e2e server starts: creates the test database's schema with the
 * SQLite adapter's push (which Payload performs only outside production), then exits. The production
 * server started afterwards with DB_PUSH=1 finds every table in place and skips the migrations.
 */
import { getPayload } from 'payload'

import config from '@payload-config'

const payload = await getPayload({ config })
await payload.destroy()
process.exit(0)
