/**
 * With SERVER_URL on https (production behind the TLS proxy), the session cookie is Secure and
 * responses carry HSTS. The server itself still listens on plain http here, as behind a proxy.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { apiClient, type Api } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'

let server: TestServer
let api: Api

beforeAll(async () => {
  server = await startTestServer({ SERVER_URL: 'https://account.pumotix.example' })
  const { port } = server.http.address() as { port: number }
  api = apiClient(`http://127.0.0.1:${port}`)
})
afterAll(async () => {
  await server?.close()
})

test('login over https sets a Secure, HttpOnly, SameSite=Lax cookie; HSTS is sent', async () => {
  const user = await createUser(server.payload, 'customer')
  const login = await api('POST', '/api/users/login', { body: { email: user.email, password: TEST_PASSWORD } })
  expect(login.status).toBe(200)
  const c = login.headers.getSetCookie().find((x) => x.startsWith('payload-token='))!
  expect(c).toMatch(/;\s*Secure/i)
  expect(c).toMatch(/;\s*HttpOnly/i)
  expect(c).toMatch(/;\s*SameSite=Lax/i)
  expect(login.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
  const logout = await api('POST', '/api/users/logout', { headers: { cookie: c.split(';')[0], origin: 'https://account.pumotix.example' } })
  const cleared = logout.headers.getSetCookie().find((x) => x.startsWith('payload-token='))
  if (cleared) expect(cleared).toMatch(/;\s*Secure/i)
})
