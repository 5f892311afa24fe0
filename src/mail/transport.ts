/**
 * Where outgoing mail goes: SMTP_URL selects a real SMTP server; without it (the embedded default)
 * each message is written as an .eml file under ./data/mail and one log line names the file.
 */
import fs from 'node:fs'
import path from 'node:path'
import nodemailer, { type Transporter } from 'nodemailer'
import type SMTPPool from 'nodemailer/lib/smtp-pool'

import { dataDir } from '@/config/env'
import { smtpMaxConnections, smtpUrl } from '@/config/mail'
import { htmlToText } from './html-to-text'
import { MailServiceUnavailable } from './mail-errors'
import { isUndeliverableAddress } from './undeliverable'

export const mailDir = () => path.join(dataDir(), 'mail')

function fileTransport(): Transporter {
  // nodemailer's stream transport builds the full RFC 822 message; we only choose where it lands.
  const inner = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  const send = inner.sendMail.bind(inner)
  let counter = 0
  inner.sendMail = (async (mail: nodemailer.SendMailOptions) => {
    const info = await send(mail)
    const dir = mailDir()
    await fs.promises.mkdir(dir, { recursive: true })
    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    const to = String(Array.isArray(mail.to) ? mail.to[0] : mail.to ?? 'unknown').replace(/[^a-z0-9@._-]/gi, '_')
    const file = path.join(dir, `${stamp}-${process.pid}-${++counter}-${to}.eml`)
    await fs.promises.writeFile(file, info.message as Buffer)
    console.info(`[pumotix] mail "${mail.subject}" to ${to} written to ${path.relative(process.cwd(), file)}`)
    return info
  }) as typeof inner.sendMail
  return inner
}

/** Every message gets a plain-text part: messages that bring only HTML (Payload's own auth mail) get one made from it. */
function addTextPart(transport: Transporter): Transporter {
  transport.use('compile', (mail, done) => {
    const { html, text } = mail.data
    if (!text && typeof html === 'string') mail.data.text = htmlToText(html)
    done()
  })
  return transport
}

/** SMTP failures become MailServiceUnavailable (HTTP 503 with a clear message) for whoever sent directly. */
function reportOutages(transport: Transporter): Transporter {
  const send = transport.sendMail.bind(transport)
  transport.sendMail = (async (mail: nodemailer.SendMailOptions) => {
    try {
      return await send(mail)
    } catch (err) {
      throw new MailServiceUnavailable(err as Error)
    }
  }) as typeof transport.sendMail
  return transport
}

type AddressField = nodemailer.SendMailOptions['to']

/** The bare addresses of a to/cc/bcc field ("Name <a@b>", "a@b, c@d", address objects, lists of them). */
function addressesOf(field: AddressField): string[] {
  if (!field) return []
  if (Array.isArray(field)) return field.flatMap((f) => addressesOf(f))
  if (typeof field === 'string') return field.split(',').map((part) => (part.match(/<([^>]*)>/)?.[1] ?? part).trim()).filter(Boolean)
  return field.address ? [field.address] : []
}

/**
 * A message whose every recipient is a closed account's address (the reserved .invalid domain) is
 * dropped here, whatever sent it (queued mail, Payload's own reset e-mail, the news fan-out).
 */
function skipUndeliverable(transport: Transporter): Transporter {
  const send = transport.sendMail.bind(transport)
  transport.sendMail = (async (mail: nodemailer.SendMailOptions) => {
    const recipients = [mail.to, mail.cc, mail.bcc].flatMap(addressesOf)
    if (recipients.length > 0 && recipients.every(isUndeliverableAddress)) {
      return { messageId: '', envelope: { from: false, to: recipients }, accepted: [], rejected: recipients, pending: [], response: 'not sent: the recipient is a closed account' }
    }
    return send(mail)
  }) as typeof transport.sendMail
  return transport
}

export function createMailTransport(): Transporter {
  const url = smtpUrl()
  if (!url) return skipUndeliverable(addTextPart(fileTransport()))
  // A small pool of reused connections: the news fan-out sends thousands of messages in a row.
  const options: SMTPPool.Options = {
    url,
    pool: true,
    maxConnections: smtpMaxConnections(),
    maxMessages: 1000,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  }
  return skipUndeliverable(reportOutages(addTextPart(nodemailer.createTransport(options))))
}

