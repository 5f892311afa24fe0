/**
 * Starts the real express server (our middleware + Payload's REST API) on a free port with a fresh
 * database, in this test process. Pages need a Next.js build; the browser tests start that separately.
 */
import net from 'node:net'

import { apiClient, type Api } from './http'
import { testEnvironment } from './payload'
import type { RunningServer } from '@/server/app'

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

export interface TestServer extends RunningServer {
  api: Api
  dataDir: string
}

export async function startTestServer(extraEnv: Record<string, string> = {}): Promise<TestServer> {
  const port = await freePort()
  const { env, dataDir } = await testEnvironment({ PORT: String(port), SERVER_URL: `http://localhost:${port}`, ...extraEnv })
  Object.assign(process.env, env)
  const { startServer } = await import('@/server/app')
  const server = await startServer({ apiOnly: true, port })
  return { ...server, api: apiClient(server.url), dataDir }
}
