/**
 * The admin's Open Graph image: the admin pages' og:image meta points at /api/og (Payload's
 * `generateOGImage`, which only Payload's Next.js REST route adds). It is the one /api address Next.js
 * serves, for GET only; express answers every other /api request itself (src/server/app.ts,
 * `servedByApiHandler`), after the request-identity checks and guards (src/server/request-identity.ts).
 * The route is pinned to `/api/og` (the path Payload routes is given, not read from the request), so
 * it cannot become a second way into the REST API. Payload's catch-all REST route and the GraphQL
 * routes are gone: express never handed them a request, and GraphQL is off (payload.config.ts).
 */
import config from '@payload-config'
import { REST_GET } from '@payloadcms/next/routes'

const restGet = REST_GET(config)

export const GET = (request: Request) => restGet(request, { params: Promise.resolve({ slug: ['og'] }) })
