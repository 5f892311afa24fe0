import type { Endpoint } from 'payload'

import { publishedKeys } from './signing-keys'

/** GET /api/license-keys — public: every signing key's public part, for offline verification. */
export const licenseKeysEndpoint: Endpoint = {
  path: '/license-keys',
  method: 'get',
  handler: async (req) =>
    Response.json({ keys: await publishedKeys(req.payload) }, { headers: { 'cache-control': 'public, max-age=300' } }),
}
