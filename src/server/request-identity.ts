/**
 * The one identity of a request: which operation it is, decided once, before any other middleware,
 * and used by every layer after it (rate limits, body limit, origin check, token check, the
 * forgot-password wrapper, the choice between Payload and Next.js, and the URL handed to Payload).
 *
 * Why: express matches the raw path (case-insensitively, trailing slash optional), while Payload's
 * `handleEndpoints` routes the WHATWG-normalised URL (dot segments, `%2e`, backslashes resolved;
 * `/api` and collection slugs case-sensitive, endpoint paths case-insensitive) and turns a POST with
 * `X-Payload-HTTP-Method-Override: GET` or `X-HTTP-Method-Override: GET` into a GET. Keyed on the
 * raw path, `/api/x/../users/forgot-password` was a forgot-password to Payload and nothing to the
 * limits; keyed on the wire method, the admin's list reads were registrations.
 *
 * The rules (docs/security.md, "Request identity"):
 * - The canonical path: backslashes are slashes; percent-encoded unreserved characters (`%2e`,
 *   `%61`, …) decoded; dot segments resolved; repeated slashes one; no trailing slash; `/api`
 *   lower case; the routes in OPERATIONS in their own spelling. Anything else is kept as the WHATWG
 *   URL serialises it (what Payload routes).
 * - A request for `/api/...` whose path is not spelled canonically, or that holds an encoded slash
 *   (`%2F`, `%5C`, which no spelling can express), is refused 400 naming the canonical spelling.
 *   Refused rather than rewritten: no real client sends such a spelling (browsers and `fetch`
 *   normalise before sending), and a refusal leaves nothing for a later layer to read differently.
 *   So every accepted /api request has raw path === canonical path.
 * - The effective method: a POST with one of the two override headers set to exactly `GET` (what
 *   Payload honours) is a GET; any other use of a method-override header (another method, another
 *   value, a repeated header, outside /api, `X-Method-Override`) is refused 400, as it would
 *   otherwise mean different things to different layers or to the client and the server.
 */
import type { IncomingMessage } from 'node:http'
import type { NextFunction, Request, Response } from 'express'

/** The operations the server's own guards key on: effective method and canonical path (`:id` is one segment). */
export const OPERATIONS = {
  login: { method: 'POST', path: '/api/users/login' },
  logout: { method: 'POST', path: '/api/users/logout' },
  register: { method: 'POST', path: '/api/users' },
  forgotPassword: { method: 'POST', path: '/api/users/forgot-password' },
  resetPassword: { method: 'POST', path: '/api/users/reset-password' },
  verifyAndLogin: { method: 'POST', path: '/api/users/verify-and-login' },
  requestClosure: { method: 'POST', path: '/api/users/request-closure' },
  exportAccount: { method: 'GET', path: '/api/users/:id/export' },
  claim: { method: 'POST', path: '/api/controllers/claim' },
  importControllers: { method: 'POST', path: '/api/controllers/import' },
} as const satisfies Record<string, { method: string; path: string }>

export type Operation = keyof typeof OPERATIONS

/** The headers Payload reads as a method override (payload/dist/utilities/handleEndpoints.js). */
export const OVERRIDE_HEADERS_PAYLOAD_HONOURS = ['x-payload-http-method-override', 'x-http-method-override'] as const
/** Override headers nobody here honours; refused so that no client believes its request was a DELETE. */
const OVERRIDE_HEADERS_REFUSED = ['x-method-override'] as const

export interface RequestIdentity {
  /** The method the request runs as (a POST with a honoured override header is a GET). */
  method: string
  /** The method on the wire (decides whether there is a body to limit). */
  wireMethod: string
  /** The canonical path, without the query. */
  path: string
  /** The query as received, with its `?` (or ''). */
  search: string
  /** The path is Payload's REST API (`/api` or under it). */
  api: boolean
  /** The guarded operation this request is, if any (method and path both match). */
  operation: Operation | null
  /** Why the request is refused (400, with the canonical address when that is what is wrong), or null when it may go on. */
  refusal: { message: string; canonical?: string } | null
}

/** Percent-encodings of unreserved characters (RFC 3986 2.3): the same resource as the character itself. */
const ENCODED_UNRESERVED = /%(2[DdEe]|3[0-9]|4[1-9A-Fa-f]|5[0-9Aa]|5[Ff]|6[1-9A-Fa-f]|7[0-9Aa]|7[Ee])/g
const ENCODED_SLASH = /%(2F|5C)/i
/** A `%` that does not start an escape: Payload's router would fail to decode it (a 500, not a 404). */
const BROKEN_ESCAPE = /%(?![0-9A-Fa-f]{2})/

/** The path of a request target (origin-form `/p?q`, or absolute-form `http://host/p?q`) and its query. */
function splitTarget(target: string): { rawPath: string; search: string } {
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target)
  const rest = absolute ? target.slice(absolute[0].length) || '/' : target
  const q = rest.indexOf('?')
  return q === -1 ? { rawPath: rest, search: '' } : { rawPath: rest.slice(0, q), search: rest.slice(q) }
}

function sameSegments(path: string, template: string): boolean {
  const a = path.split('/')
  const b = template.split('/')
  return a.length === b.length && b.every((seg, i) => (seg.startsWith(':') ? a[i] !== '' : seg.toLowerCase() === a[i].toLowerCase()))
}

/** The template's spelling of `path`, when it is one of OPERATIONS' paths in any case. */
function spelledAsOperation(path: string): string | null {
  for (const { path: template } of Object.values(OPERATIONS)) {
    if (!sameSegments(path, template)) continue
    const given = path.split('/')
    return template
      .split('/')
      .map((seg, i) => (seg.startsWith(':') ? given[i] : seg))
      .join('/')
  }
  return null
}

/** The canonical spelling of a raw path (see the rules above). */
export function canonicalPath(rawPath: string): string {
  const unescaped = rawPath.replace(/\\/g, '/').replace(ENCODED_UNRESERVED, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
  // Resolved as Payload's URL parser resolves it ('http://h' + path keeps a leading '//' a path).
  const resolved = new URL(`http://h${unescaped.startsWith('/') ? '' : '/'}${unescaped.split('#')[0]}`).pathname
  let path = resolved.replace(/\/{2,}/g, '/')
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1)
  path = path.replace(/^\/api(?=\/|$)/i, '/api')
  return spelledAsOperation(path) ?? path
}

const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/')

/** What the identity is decided from: the method, the request target and the headers. */
type RequestLine = Pick<IncomingMessage, 'method' | 'url' | 'headers'>

function headerValue(req: RequestLine, name: string): string | undefined {
  const v = req.headers[name]
  return Array.isArray(v) ? v.join(', ') : v
}

/** The effective method, or the reason a method-override header is refused. */
function effectiveMethod(req: RequestLine, api: boolean): { method: string } | { refusal: string } {
  const wire = req.method ?? 'GET'
  for (const name of OVERRIDE_HEADERS_REFUSED) {
    if (headerValue(req, name) !== undefined) return { refusal: `The ${name} header is not supported; send the request with its own method.` }
  }
  const given = OVERRIDE_HEADERS_PAYLOAD_HONOURS.map((name) => [name, headerValue(req, name)] as const).filter(([, v]) => v !== undefined)
  if (given.length === 0) return { method: wire }
  const [name, value] = given.find(([, v]) => v !== 'GET') ?? given[0]
  if (api && wire === 'POST' && value === 'GET') return { method: 'GET' }
  return { refusal: `The ${name} header is accepted only as "${name}: GET" on a POST to /api/...; send this request (${wire}, "${value}") with its own method.` }
}

/** Decides the identity of a request (pure: reads the method, the target and the headers). */
export function identify(req: RequestLine): RequestIdentity {
  const wireMethod = req.method ?? 'GET'
  const { rawPath, search } = splitTarget(req.url ?? '/')
  const path = canonicalPath(rawPath)
  const api = isApiPath(path)
  const m = effectiveMethod(req, api)
  const method = 'method' in m ? m.method : wireMethod
  let refusal: RequestIdentity['refusal'] = 'refusal' in m ? { message: m.refusal } : null
  if (api && BROKEN_ESCAPE.test(rawPath)) {
    refusal = { message: 'The address holds a "%" that does not start an escape such as %20: write "%" itself as %25.' }
  } else if (api && ENCODED_SLASH.test(rawPath)) {
    refusal = { message: 'API addresses never hold an encoded slash (%2F or %5C): write the path with plain "/" between its parts.' }
  } else if (api && rawPath !== path) {
    const canonical = `${path}${search}`
    refusal = {
      message: `Use ${canonical}: the API accepts each address in one spelling only (no "." or ".." segments, backslashes, repeated or trailing slashes, needless %-escapes or other letter case).`,
      canonical,
    }
  }
  const operation = (Object.keys(OPERATIONS) as Operation[]).find((op) => OPERATIONS[op].method === method && sameSegments(path, OPERATIONS[op].path)) ?? null
  return { method, wireMethod, path, search, api, operation, refusal }
}

const identities = new WeakMap<IncomingMessage, RequestIdentity>()

/** The identity of a request, decided once (by `requestIdentity()`, or here on first use). */
export function identityOf(req: IncomingMessage): RequestIdentity {
  let id = identities.get(req)
  if (!id) {
    id = identify(req)
    identities.set(req, id)
  }
  return id
}

/** The first middleware: decides the identity of every request before any other layer looks at it. */
export function requestIdentity() {
  return (req: Request, _res: Response, next: NextFunction) => {
    identities.set(req, identify(req))
    next()
  }
}

/** Answers 400 for a request whose identity is refused (after the log and security headers are in place). */
export function refuseUnclearRequests() {
  return (req: Request, res: Response, next: NextFunction) => {
    const { refusal } = identityOf(req)
    if (refusal === null) return next()
    const { message, canonical } = refusal
    res.status(400).json({ errors: [{ message, ...(canonical ? { data: { canonical } } : {}) }] })
  }
}

/** Runs `handler` only for requests that are `operation`; every other request goes on. */
export function forOperation(operation: Operation, handler: (req: Request, res: Response, next: NextFunction) => unknown) {
  return (req: Request, res: Response, next: NextFunction) => (identityOf(req).operation === operation ? handler(req, res, next) : next())
}
