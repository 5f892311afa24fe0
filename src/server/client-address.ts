/**
 * Stamps every request with the client address express determined (req.ip: the socket's address, or
 * the client's from X-Forwarded-For when TRUST_PROXY says the proxy in front can be believed), replacing
 * whatever a client sent in that header. Payload's endpoints see only the request's headers; the login
 * throttle per account and client address reads this one (collections/Users/login-throttle.ts).
 */
import type { RequestHandler } from 'express'

import { CLIENT_ADDRESS_HEADER } from '@collections/Users/login-throttle'

export const stampClientAddress: RequestHandler = (req, _res, next) => {
  req.headers[CLIENT_ADDRESS_HEADER] = req.ip ?? req.socket.remoteAddress ?? 'unknown'
  next()
}
