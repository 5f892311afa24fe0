/** Fixtures of the account tests (test/accounts): the real server with a real SMTP capture, and mail helpers. */
import type { ParsedMail } from 'mailparser'

import { recipientOf } from './mail-headers'
import { startTestServer, type TestServer } from './server'
import { startSmtpCapture, type SmtpCapture } from './smtp'

export interface AccountsWorld {
  server: TestServer
  smtp: SmtpCapture
  close: () => Promise<void>
}

/** The server with its in-process job runner sending over SMTP to a capture; `env` adds settings. */
export async function startAccountsWorld(env: Record<string, string> = {}): Promise<AccountsWorld> {
  const smtp = await startSmtpCapture()
  const server = await startTestServer({ SMTP_URL: smtp.url, JOBS_INTERVAL_MS: '50', MAIL_RETRY_DELAY_MS: '100', ...env })
  return {
    server,
    smtp,
    close: async () => {
      await server.close()
      await smtp.stop()
    },
  }
}

/** The messages to `address` received so far (optionally only those whose subject matches). */
export const mailsTo = (smtp: SmtpCapture, address: string, subject?: RegExp): ParsedMail[] =>
  smtp.messages.filter((m) => recipientOf(m) === address.toLowerCase() && (!subject || subject.test(m.subject ?? '')))

/** Waits until every queued e-mail job has run (so "exactly once" can be counted). */
export async function mailQueueDrained(server: TestServer, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const { totalDocs } = await server.payload.count({
      collection: 'payload-jobs',
      where: { and: [{ taskSlug: { equals: 'sendEmail' } }, { completedAt: { exists: false } }, { hasError: { not_equals: true } }] },
      overrideAccess: true,
    })
    if (totalDocs === 0) return
    if (Date.now() > deadline) throw new Error(`${totalDocs} e-mail job(s) still waiting after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** The session cookie of a login, and the headers a browser sends with it. */
export async function browserSession(server: TestServer, email: string, password: string): Promise<Record<string, string>> {
  const res = await server.api('POST', '/api/users/login', { body: { email, password } })
  if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${res.text}`)
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0], origin: server.url }
}
