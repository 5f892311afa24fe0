/**
 * pumotix-device, format 2: PMX2 request codes, decoding either request code version, and
 * verifying format 2 licenses with the root keys, as a controller does, using node-forge only.
 * cli.ts loads this module when a command needs it, so format 1 commands run the code they did.
 */
import { readFile } from 'node:fs/promises'
import { describeValidity } from './certificate'
import type { RootPublicKey } from './document-verify'
import { forgeSuite } from './forge-suite'
import { verifyLicenseV2WithForge, verifyRevocationListWithForge } from './forge-verify-v2'
import { licenseFileVersion } from './license-file-v2'
import type { RequestCode } from './request-code'
import { parseRootsText as parseRootsFile } from './roots-file'
import { encodeRequestCodeV2, readRequestCode, type RequestCodeV2, type RequestCodeV2Input } from './request-code-v2'
import type { RevocationList } from './revocation-list'

export interface Io {
  out: (text: string) => void
  err: (text: string) => void
}

/** Rows of "Label: value"; a value with several lines continues under the first. */
export function fieldRows(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2
  return rows
    .map(([label, value]) =>
      value
        .split('\n')
        .map((line, i) => (i === 0 ? (label + ':').padEnd(width) : ' '.repeat(width)) + line + '\n')
        .join(''),
    )
    .join('')
}

/** 1 or 2 for a readable license file of that format, else null. */
export function fileVersion(text: string): 1 | 2 | null {
  return licenseFileVersion(text)
}

export function encodeV2(rc: RequestCodeV2Input): string {
  return encodeRequestCodeV2(rc)
}

export function readCode(text: string): RequestCode | RequestCodeV2 {
  return readRequestCode(text)
}

/** The decode command's text for a code of either version (version 1 rows exactly as before). */
export function describeCode(rc: RequestCode | RequestCodeV2): string {
  const rows: [string, string][] = [
    ['Version', String(rc.version)],
    ['Model id', String(rc.modelId)],
    ['Serial', rc.serial],
    ['Hardware id', rc.hardwareId],
    ['Sequence', String(rc.sequence)],
    ['Created at', rc.createdAt.toISOString()],
  ]
  if (rc.version === 2) {
    rows.push(['Revocation list', rc.revocationNumber === 0 ? '0 (none held)' : String(rc.revocationNumber)])
    rows.push(['End dates', rc.enforcesOptionEndDates ? 'enforced (the controller has a trusted clock)' : 'not enforced (no trusted clock)'])
  }
  return 'Request code OK\n' + fieldRows(rows)
}

/** Root keys from JSON or SPKI PEM blocks (roots-file.ts), read with node-forge. */
export function parseRootsText(text: string): RootPublicKey[] {
  return parseRootsFile(text, forgeSuite)
}

/** The text of a file, or of a URL's response. */
export async function readSource(source: string, what: string): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    let response: Response
    try {
      response = await fetch(source, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(15_000) })
    } catch (err) {
      throw new Error(`Could not fetch the ${what} from ${source}: ${(err as Error).message}`)
    }
    if (!response.ok) throw new Error(`Could not fetch the ${what} from ${source}: HTTP ${response.status}.`)
    return response.text()
  }
  try {
    return await readFile(source, 'utf8')
  } catch (err) {
    throw new Error(`Could not read the ${what} file ${source}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
}

export interface VerifyV2Args {
  licenseText: string
  roots: string
  crl?: string
  hardwareId?: string
  now: Date
  json?: boolean
}

function optionLine(o: { code: string; until: string | null; active: boolean }): string {
  return `${o.code} ${o.until === null ? 'permanent' : `until ${o.until}`} (${o.active ? 'active' : 'not active: ended'})`
}

/** Verifies a format 2 license with node-forge and prints the result; returns the exit code (0 or 2). */
export async function verifyV2(args: VerifyV2Args, io: Io): Promise<number> {
  let roots: RootPublicKey[]
  let held: RevocationList | null = null
  try {
    try {
      roots = parseRootsText(await readSource(args.roots, 'roots'))
    } catch (err) {
      throw new Error((err as Error).message.startsWith('Could not') ? (err as Error).message : `Could not use the roots from ${args.roots}: ${(err as Error).message}`)
    }
    if (args.crl !== undefined) {
      const checked = verifyRevocationListWithForge(await readSource(args.crl, 'revocation list'), roots)
      if (!checked.ok) throw new Error(`The held revocation list ${args.crl} is not valid: ${checked.reason}`)
      held = checked.revocationList
    }
  } catch (err) {
    io.err(`License NOT verified: ${(err as Error).message}\n`)
    return 2
  }
  const result = verifyLicenseV2WithForge(args.licenseText, roots, held, { hardwareId: args.hardwareId, now: args.now })
  if (!result.ok) {
    io.err(`License NOT valid: ${result.reason}\n`)
    return 2
  }
  const p = result.payload
  if (args.json) {
    const { ok, kid, alg, rootKid, certificate, options, activeOptions, maintenanceUntil, revocationList, revocationListUpdated } = result
    io.out(JSON.stringify({ ok, format: 2, kid, alg, rootKid, certificate, payload: p, options, activeOptions, maintenanceUntil, revocationList, revocationListUpdated }, null, 2) + '\n')
    return 0
  }
  const list = result.revocationList
  const listText =
    list === null ? 'none' : result.revocationListUpdated ? `${list.number} (carried by this license, newer than the held one: a controller stores it)` : `${list.number}${held ? ' (held)' : ''}`
  io.out(
    'License OK (format 2)\n' +
      fieldRows([
        ['License id', p.licenseId],
        ['Serial', p.serial],
        ['Model id', String(p.modelId)],
        ['Hardware id', p.hardwareId],
        ['Options', result.options.length > 0 ? result.options.map(optionLine).join('\n') : '(none)'],
        ['Active options', result.activeOptions.length > 0 ? result.activeOptions.join(', ') : '(none)'],
        ['Maintenance until', p.maintenanceUntil ?? 'no limit'],
        ['Sequence', String(p.sequence)],
        ['Issued at', p.issuedAt],
        ['Expires at', p.expiresAt ?? 'never'],
        ['Signed by', `${result.kid} (${result.alg})`],
        ['Certificate', `by root ${result.rootKid}, valid for licenses issued ${describeValidity(result.certificate)}`],
        ['Revocation list', listText],
        ['Verified with', 'node-forge'],
      ]),
  )
  return 0
}
