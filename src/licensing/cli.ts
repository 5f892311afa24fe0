/**
 * pumotix-device: the controller side of licensing, for testing and for third parties.
 * Verification uses node-forge only (never node:crypto). Exit codes: 0 success, 1 invalid
 * request code (decode), 2 license not valid or keys/file unusable (verify), 64 usage error.
 * Format 2 (PMX2 codes, --roots) is in cli-v2.ts, loaded only by the commands that need it.
 */
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { isLicenseAlg } from './algorithms'
import { kidForForgePublicKey, readPublicKeyPemWithForge } from './forge-keys'
import { verifyLicenseWithForge } from './forge-verify'
import type { PublicKeyInfo } from './keys'
import { encodeRequestCode, RequestCodeError, type RequestCode } from './request-code'
import type { RequestCodeV2 } from './request-code-v2'

export const EXIT_OK = 0
export const EXIT_INVALID_CODE = 1
export const EXIT_INVALID_LICENSE = 2
export const EXIT_USAGE = 64

export const USAGE = `Usage: pumotix-device <command> [options]

Commands:
  request-code --model N --serial N --hardware-id HEX [--sequence N] [--time UNIXSECONDS]
               [--format 1|2] [--revocation-number N] [--enforces-end-dates]
      Print the request code a controller with these values shows.
      --sequence            sequence number of the installed license (default 0 = none)
      --time                Unix seconds the code is made at (default now)
      --format              1 = PMX1- (default), 2 = PMX2- (controllers with root keys)
      --revocation-number   format 2: number of the revocation list held (default 0 = none)
      --enforces-end-dates  format 2: the controller has a trusted clock and ends options
  decode REQUEST_CODE [--json]
      Print the fields of a request code (PMX1- or PMX2-), or why it is invalid (exit 1).
  verify LICENSE_FILE --keys URL_OR_FILE [--hardware-id HEX] [--now ISO_TIME] [--json]
      Verify a format 1 license file with node-forge. --keys is a URL or file with
      {"keys":[{"kid","alg","status","createdAt","publicKey"}]} (as GET /api/license-keys
      returns), or a file of SPKI PEM public keys (kid derived). Prints "License OK" and the
      license fields, or the reason it is not valid (exit 2).
  verify LICENSE_FILE --roots URL_OR_FILE [--crl HELD_LIST_FILE] [--hardware-id HEX]
               [--now ISO_TIME] [--json]
      Verify a format 2 license file with node-forge as a controller does. --roots is a URL
      or file with {"roots":[{"kid","alg","publicKey"}]} (GET /api/license-keys), or a file of
      SPKI PEM root public keys (kid derived). --crl is the revocation list the controller
      holds (-----BEGIN PUMOTIX REVOCATION LIST-----). Prints the options with their end
      dates and whether they are active, the certificate and the revocation list.
      With both --keys and --roots, the file's format chooses.
  --help
      Print this text.

Exit codes: 0 ok, 1 invalid request code, 2 license not valid, 64 usage error.
`

export interface CliIo {
  out: (text: string) => void
  err: (text: string) => void
}

const defaultIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
}

class UsageError extends Error {}

function wholeNumber(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`${name} is required.`)
    return fallback
  }
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${name} must be a whole number, got ${JSON.stringify(value)}.`)
  return Number(value)
}

function fieldLines(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2
  return rows.map(([label, value]) => `${(label + ':').padEnd(width)}${value}\n`).join('')
}

async function requestCodeCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      serial: { type: 'string' },
      'hardware-id': { type: 'string' },
      sequence: { type: 'string' },
      time: { type: 'string' },
      format: { type: 'string' },
      'revocation-number': { type: 'string' },
      'enforces-end-dates': { type: 'boolean' },
    },
  })
  if (positionals.length > 0) throw new UsageError(`Unexpected argument ${JSON.stringify(positionals[0])}.`)
  if (values.serial === undefined) throw new UsageError('--serial is required.')
  if (values['hardware-id'] === undefined) throw new UsageError('--hardware-id is required.')
  const format = values.format ?? '1'
  if (format !== '1' && format !== '2') throw new UsageError(`--format must be 1 or 2, got ${JSON.stringify(values.format)}.`)
  if (format === '1' && (values['revocation-number'] !== undefined || values['enforces-end-dates'])) {
    throw new UsageError('--revocation-number and --enforces-end-dates belong to format 2 codes; add --format 2.')
  }
  const rc = {
    modelId: wholeNumber('--model', values.model),
    serial: values.serial.trim(),
    hardwareId: values['hardware-id'],
    sequence: wholeNumber('--sequence', values.sequence, 0),
    createdAt: new Date(wholeNumber('--time', values.time, Math.floor(Date.now() / 1000)) * 1000),
  }
  try {
    if (format === '2') {
      const v2 = await import('./cli-v2')
      const revocationNumber = wholeNumber('--revocation-number', values['revocation-number'], 0)
      io.out(v2.encodeV2({ ...rc, revocationNumber, enforcesOptionEndDates: values['enforces-end-dates'] === true }) + '\n')
    } else {
      io.out(encodeRequestCode(rc) + '\n')
    }
  } catch (err) {
    if (err instanceof RequestCodeError) throw new UsageError(err.message)
    throw err
  }
  return EXIT_OK
}

async function decodeCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } })
  if (positionals.length === 0) throw new UsageError('decode needs the request code.')
  const v2 = await import('./cli-v2')
  let rc: RequestCode | RequestCodeV2
  try {
    rc = v2.readCode(positionals.join(' '))
  } catch (err) {
    if (!(err instanceof RequestCodeError)) throw err
    io.err(`Invalid request code (${err.reason}): ${err.message}\n`)
    return EXIT_INVALID_CODE
  }
  if (values.json) {
    io.out(JSON.stringify({ ...rc, createdAt: rc.createdAt.toISOString() }, null, 2) + '\n')
  } else {
    io.out(v2.describeCode(rc))
  }
  return EXIT_OK
}

/** Reads keys from JSON ({"keys":[…]} or a bare list) or from one or more SPKI PEM blocks. */
export function parseKeysText(text: string): PublicKeyInfo[] {
  const trimmed = text.trim()
  if (trimmed.startsWith('-----BEGIN')) {
    const blocks = trimmed.match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g) ?? []
    if (blocks.length === 0) throw new Error('The keys file holds no -----BEGIN PUBLIC KEY----- block.')
    return blocks.map((pem) => {
      const key = readPublicKeyPemWithForge(pem)
      return { kid: kidForForgePublicKey(key.alg, key), alg: key.alg, status: 'active', createdAt: '', publicKey: pem + '\n' }
    })
  }
  let data: unknown
  try {
    data = JSON.parse(trimmed)
  } catch {
    throw new Error('The keys are neither JSON nor PEM.')
  }
  const list = Array.isArray(data) ? data : (data as { keys?: unknown } | null)?.keys
  if (!Array.isArray(list)) throw new Error('The keys JSON has no "keys" list.')
  const keys = list.filter(
    (k): k is PublicKeyInfo =>
      typeof k === 'object' && k !== null && typeof k.kid === 'string' && isLicenseAlg(k.alg) && typeof k.publicKey === 'string',
  )
  if (keys.length === 0) throw new Error('The keys list holds no usable key (each needs kid, alg and publicKey).')
  return keys
}

async function loadKeys(source: string): Promise<PublicKeyInfo[]> {
  let text: string
  if (/^https?:\/\//i.test(source)) {
    let response: Response
    try {
      response = await fetch(source, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(15_000) })
    } catch (err) {
      throw new Error(`Could not fetch the keys from ${source}: ${(err as Error).message}`)
    }
    if (!response.ok) throw new Error(`Could not fetch the keys from ${source}: HTTP ${response.status}.`)
    text = await response.text()
  } else {
    try {
      text = await readFile(source, 'utf8')
    } catch (err) {
      throw new Error(`Could not read the keys file ${source}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
    }
  }
  try {
    return parseKeysText(text)
  } catch (err) {
    throw new Error(`Could not use the keys from ${source}: ${(err as Error).message}`)
  }
}

async function verifyCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      keys: { type: 'string' },
      roots: { type: 'string' },
      crl: { type: 'string' },
      'hardware-id': { type: 'string' },
      now: { type: 'string' },
      json: { type: 'boolean' },
    },
  })
  if (positionals.length !== 1) throw new UsageError('verify needs exactly one license file.')
  if (!values.keys && !values.roots) throw new UsageError('--keys URL_OR_FILE (format 1) or --roots URL_OR_FILE (format 2) is required.')
  if (values.crl !== undefined && !values.roots) throw new UsageError('--crl is the held revocation list of format 2; it needs --roots.')
  const now = values.now === undefined ? new Date() : new Date(values.now)
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now must be an ISO time, got ${JSON.stringify(values.now)}.`)

  let text: string
  try {
    text = await readFile(positionals[0], 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new Error(`Could not read the license file ${positionals[0]}: ${err.code ?? err.message}`)
    })
  } catch (err) {
    io.err(`License NOT verified: ${(err as Error).message}\n`)
    return EXIT_INVALID_LICENSE
  }
  if (values.roots) {
    const v2 = await import('./cli-v2')
    const version = v2.fileVersion(text)
    if (version !== 1 || !values.keys) {
      if (version === 1) {
        io.err('License NOT verified: This is a format 1 license file; format 1 is verified with --keys (the license keys), not with --roots.\n')
        return EXIT_INVALID_LICENSE
      }
      return v2.verifyV2({ licenseText: text, roots: values.roots, crl: values.crl, hardwareId: values['hardware-id'], now, json: values.json }, io)
    }
  }
  const keysSource = values.keys ?? ''
  let keys: PublicKeyInfo[]
  try {
    keys = await loadKeys(keysSource)
  } catch (err) {
    io.err(`License NOT verified: ${(err as Error).message}\n`)
    return EXIT_INVALID_LICENSE
  }
  const result = verifyLicenseWithForge(text, keys, { hardwareId: values['hardware-id'], now })
  if (!result.ok) {
    if (result.code === 'format' && (await import('./cli-v2')).fileVersion(text) === 2) {
      io.err('License NOT verified: This is a format 2 license file; format 2 is verified with --roots (the root keys).\n')
      return EXIT_INVALID_LICENSE
    }
    io.err(`License NOT valid: ${result.reason}\n`)
    return EXIT_INVALID_LICENSE
  }
  const p = result.payload
  if (values.json) {
    io.out(JSON.stringify({ ok: true, kid: result.kid, alg: result.alg, payload: p }, null, 2) + '\n')
    return EXIT_OK
  }
  io.out(
    'License OK\n' +
      fieldLines([
        ['License id', p.licenseId],
        ['Serial', p.serial],
        ['Model id', String(p.modelId)],
        ['Hardware id', p.hardwareId],
        ['Options', p.options.length > 0 ? p.options.join(', ') : '(none)'],
        ['Sequence', String(p.sequence)],
        ['Issued at', p.issuedAt],
        ['Expires at', p.expiresAt ?? 'never'],
        ['Signed by', `${result.kid} (${result.alg})`],
        ['Verified with', 'node-forge'],
      ]),
  )
  return EXIT_OK
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [command, ...rest] = argv
  if (command === undefined) {
    io.err(USAGE)
    return EXIT_USAGE
  }
  if (command === '--help' || command === '-h' || command === 'help' || rest.includes('--help') || rest.includes('-h')) {
    io.out(USAGE)
    return EXIT_OK
  }
  try {
    switch (command) {
      case 'request-code':
        return await requestCodeCommand(rest, io)
      case 'decode':
        return await decodeCommand(rest, io)
      case 'verify':
        return await verifyCommand(rest, io)
      default:
        throw new UsageError(`Unknown command ${JSON.stringify(command)}.`)
    }
  } catch (err) {
    const isUsage = err instanceof UsageError || (err as NodeJS.ErrnoException)?.code?.startsWith('ERR_PARSE_ARGS')
    if (!isUsage) throw err
    io.err(`${(err as Error).message}\nRun pumotix-device --help for usage.\n`)
    return EXIT_USAGE
  }
}
