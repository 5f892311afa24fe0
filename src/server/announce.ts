import type { Payload } from 'payload'

import { licenseRootSummary } from '@/domain/license-roots'
import { unclaimedRequestCodes } from '@/seed/controllers'
import { DEMO_PASSWORD, demoUsers } from '@/seed/users'

/**
 * Which address to open: the server accepts sessions only from pages of its own origin (SERVER_URL,
 * or on the local default the loopback spellings of http://localhost:PORT in `alsoAccepted`).
 */
export function addressLines(url: string, alsoAccepted: readonly string[]): string[] {
  const others = alsoAccepted.filter((o) => o !== url)
  return [
    `  PUMOTIX is running. Open ${url} in your browser.`,
    others.length
      ? `  ${others.join(' and ')} work too; other addresses of this machine are refused (set SERVER_URL to serve one).`
      : `  It serves this address only (SERVER_URL); pages opened at another address are refused.`,
  ]
}

/** What a newcomer needs after `npm start`: where to log in and with which demo accounts. */
export async function announce(payload: Payload, url: string, alsoAccepted: readonly string[] = []): Promise<void> {
  const lines = [
    '',
    ...addressLines(url, alsoAccepted),
    '',
    `  Customer portal:  ${url}/`,
    `  Admin (staff):    ${url}/admin`,
    `  Health:           ${url}/healthz   readiness: ${url}/readyz`,
  ]
  lines.push(`  ${await licenseRootSummary(payload)}`)
  const { totalDocs } = await payload.count({
    collection: 'users',
    where: { email: { in: demoUsers.map((u) => u.email) } },
    overrideAccess: true,
  })
  if (totalDocs > 0) {
    lines.push('', `  Demo accounts (demo data only), password "${DEMO_PASSWORD}":`)
    for (const u of demoUsers) lines.push(`    ${u.roles[0].padEnd(9)} ${u.email}`)
    const codes = await unclaimedRequestCodes(payload)
    if (codes.length) {
      lines.push('', '  Unclaimed demo controllers — paste a code into My controllers → Add → Controller:')
      for (const c of codes) {
        lines.push(`    ${c.serial}  ${c.model}`, `      ${c.code}`)
        if (c.codeV2) lines.push(`      ${c.codeV2}   (newer software: licenses with trials and rentals)`)
      }
    }
  }
  console.log(lines.join('\n') + '\n')
}
