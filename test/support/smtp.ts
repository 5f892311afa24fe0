/**
 * A real SMTP server for the tests (the smtp-server package): every message the product sends is
 * received over SMTP, parsed with mailparser and kept for assertions.
 */
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface SmtpCapture {
  url: string
  port: number
  messages: ParsedMail[]
  /** Waits until a message matching `predicate` has arrived (or fails after `timeoutMs`). */
  waitFor: (predicate: (m: ParsedMail) => boolean, timeoutMs?: number) => Promise<ParsedMail>
  /** When set, the next RCPT commands are refused with a 4xx/5xx (to simulate an outage). */
  failWith: { code: number; message: string } | null
  stop: () => Promise<void>
}

export async function startSmtpCapture(): Promise<SmtpCapture> {
  const messages: ParsedMail[] = []
  const waiters: Array<() => void> = []
  const capture: Partial<SmtpCapture> = { messages, failWith: null }
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      const f = capture.failWith
      if (f) {
        const err = new Error(f.message) as Error & { responseCode: number }
        err.responseCode = f.code
        return callback(err)
      }
      callback()
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          messages.push(parsed)
          waiters.splice(0).forEach((w) => w())
          callback()
        })
        .catch(callback)
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const port = (server.server.address() as { port: number }).port
  Object.assign(capture, {
    port,
    url: `smtp://127.0.0.1:${port}`,
    async waitFor(predicate: (m: ParsedMail) => boolean, timeoutMs = 15000) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const found = messages.find(predicate)
        if (found) return found
        const left = deadline - Date.now()
        if (left <= 0) throw new Error(`no matching e-mail within ${timeoutMs} ms (received ${messages.length}: ${messages.map((m) => m.subject).join(' | ')})`)
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(left, 250))
          waiters.push(() => {
            clearTimeout(t)
            resolve()
          })
        })
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  })
  return capture as SmtpCapture
}
