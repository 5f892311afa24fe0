import crypto from 'node:crypto'
import { expect, test } from '@jest/globals'

import { signEmailChange, verifyEmailChange } from '@collections/Users/email-change-token'
import { signLinkToken, verifyLinkToken } from '@/domain/link-token'
import { CLOSURE_LINK_TTL_MS, signClosure, verifyClosure } from '@/privacy/closure-token'

const SECRET = 'link-token-test-secret-0123456789abcdef'
const NOW = Date.UTC(2026, 11, 2, 12, 0, 0)

test('a token is its claim in base64url, then an HMAC-SHA256 of that text under sha256(purpose:secret)', () => {
  const token = signLinkToken('pumotix-email-change', SECRET, { u: '7', e: 'new@example.test' }, NOW + 1000)
  const [body, sig] = token.split('.')
  expect(Buffer.from(body, 'base64url').toString('utf8')).toBe(`{"u":"7","e":"new@example.test","x":${NOW + 1000}}`)
  const key = crypto.createHash('sha256').update(`pumotix-email-change:${SECRET}`).digest()
  expect(sig).toBe(crypto.createHmac('sha256', key).update(body).digest('base64url'))
  expect(verifyLinkToken('pumotix-email-change', SECRET, token, ['u', 'e'], NOW)).toEqual({ u: '7', e: 'new@example.test' })
})

test('a token is refused when forged, altered, expired, for another purpose or secret, or missing a field', () => {
  const token = signLinkToken('purpose-a', SECRET, { u: '7' }, NOW + 1000)
  const [body, sig] = token.split('.')
  const altered = Buffer.from(JSON.stringify({ u: '8', x: NOW + 1000 })).toString('base64url')
  expect(verifyLinkToken('purpose-a', SECRET, token, ['u'], NOW)).toEqual({ u: '7' })
  expect(verifyLinkToken('purpose-a', SECRET, `${altered}.${sig}`, ['u'], NOW)).toBeNull()
  expect(verifyLinkToken('purpose-a', SECRET, `${body}.${sig.slice(1)}`, ['u'], NOW)).toBeNull()
  expect(verifyLinkToken('purpose-a', SECRET, `${token}.x`, ['u'], NOW)).toBeNull()
  expect(verifyLinkToken('purpose-a', SECRET, token, ['u'], NOW + 1001)).toBeNull()
  expect(verifyLinkToken('purpose-b', SECRET, token, ['u'], NOW)).toBeNull()
  expect(verifyLinkToken('purpose-a', `${SECRET}-rotated`, token, ['u'], NOW)).toBeNull()
  expect(verifyLinkToken('purpose-a', SECRET, token, ['u', 'e'], NOW)).toBeNull()
  for (const bad of [undefined, 42, '', '.', 'a'.repeat(1001), `${body}.`]) expect(verifyLinkToken('purpose-a', SECRET, bad, ['u'], NOW)).toBeNull()
})

test('an e-mail-change link is not a closure link and the other way round', () => {
  const change = signEmailChange(SECRET, 7, 'new@example.test', NOW)
  const requestedAt = new Date(NOW).toISOString()
  const closure = signClosure(SECRET, 7, requestedAt)
  expect(verifyEmailChange(SECRET, change, NOW)).toEqual({ userId: '7', email: 'new@example.test' })
  expect(verifyClosure(SECRET, closure, NOW)).toEqual({ userId: '7', requestedAt })
  expect(verifyClosure(SECRET, change, NOW)).toBeNull()
  expect(verifyEmailChange(SECRET, closure, NOW)).toBeNull()
  expect(verifyClosure(SECRET, closure, NOW + CLOSURE_LINK_TTL_MS + 1)).toBeNull()
})
