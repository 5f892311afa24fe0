/**
 * pumotix-keys: the root key holder's offline tool (node:crypto). It creates root keys, certifies
 * the signing keys the server asks for, signs revocation lists and shows the files. It never asks
 * anything interactively: the passphrase comes from --passphrase-file or PUMOTIX_ROOT_PASSPHRASE.
 * Exit codes: 0 success, 1 an input file or the passphrase is not valid, 2 an output file exists
 * or cannot be written, 64 usage error.
 */
import { chmod, readFile, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { isKid, isLicenseAlg, type LicenseAlg } from './algorithms'
import { describeValidity, readCertificatePayload } from './certificate'
import { readCertificationRequest } from './certification-request'
import type { RootPublicKey } from './document-verify'
import { readRevocationListPayload } from './revocation-list'
import { generateRootKey, readRootPrivateKey, RootKeyError, rootPublicKey, type RootSigningKey } from './root-key'
import { certifySigningKey, formatCertificateFile, formatRevocationListFile, signRevocationList } from './root-sign'
import { documentBytes, DOCUMENT_LABEL, DOCUMENT_NOUN, parseEnvelope, peekPayloadType, SignedDocumentError, type DocumentType } from './signed-envelope'
import { verifyCertificate, verifyRevocationList } from './verify-v2'
import { nodeSuite } from './node-suite'
import { parseRootsText } from './roots-file'

export const EXIT_OK = 0
export const EXIT_INVALID_INPUT = 1
export const EXIT_OUTPUT = 2
export const EXIT_USAGE = 64
export const PASSPHRASE_ENV = 'PUMOTIX_ROOT_PASSPHRASE'

export const USAGE = `Usage: pumotix-keys <command> [options]

The root key holder's offline tool. The passphrase of a root key comes from
--passphrase-file FILE (its first line) or the environment variable ${PASSPHRASE_ENV};
nothing is asked interactively. Existing files are never overwritten.

Commands:
  root create --out ROOT_KEY [--alg ed25519|rsa-pss-sha256] [--public-out PUBLIC_PEM]
      Create a root key: ROOT_KEY (encrypted PKCS#8 PEM, mode 0600). Prints the key id and the
      public key PEM, or writes the PEM to PUBLIC_PEM.
  root public ROOT_KEY
      Print the key id and the public key PEM of a root key.
  certify REQUEST_FILE --root ROOT_KEY [--not-before ISO] [--not-after ISO|none] --out CERT_FILE
      Check a certification request (signed by the key it names) and certify that key for
      licenses issued from --not-before (default: the request's time) to --not-after
      (default: none = no end). Prints what it certifies.
  revoke --root ROOT_KEY --kid KID [--kid KID...] [--previous LIST_FILE] --out LIST_FILE
      Sign a revocation list: number = previous + 1 (1 without --previous), revoked = the
      previous list's key ids and the new ones. The previous list must be signed by ROOT_KEY.
  show FILE [--roots ROOTS_PEM] [--json]
      Print a certification request, certificate or revocation list. A request's own
      signature is always checked; a certificate's or list's when --roots is given
      (exit 1 when it is not valid).
  --help
      Print this text.

Exit codes: 0 ok, 1 invalid input file or passphrase, 2 output file exists or cannot be
written, 64 usage error.
`

export interface KeysCliIo {
  out: (text: string) => void
  err: (text: string) => void
  env: Record<string, string | undefined>
  /** The current time (tests pass a fixed one). */
  now: () => Date
}

const defaultIo: KeysCliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  env: process.env,
  now: () => new Date(),
}

class UsageError extends Error {}
class InputError extends Error {}
class OutputError extends Error {}

const PASSPHRASE_OPTION = { 'passphrase-file': { type: 'string' } } as const

async function readInput(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    throw new InputError(`Could not read the ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
}

/** Writes a new file; never replaces one. */
async function writeNew(path: string, content: string, mode: number, what: string): Promise<void> {
  try {
    await writeFile(path, content, { flag: 'wx', mode })
    await chmod(path, mode)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new OutputError(code === 'EEXIST' ? `${path} exists; pumotix-keys never overwrites a file. Choose another --out or move the file away.` : `Could not write the ${what} ${path}: ${code ?? (err as Error).message}`)
  }
}

async function refuseExisting(path: string): Promise<void> {
  try {
    await readFile(path)
  } catch {
    return
  }
  throw new OutputError(`${path} exists; pumotix-keys never overwrites a file. Choose another path or move the file away.`)
}

/** The passphrase: the first line of --passphrase-file, else the environment variable. */
async function passphrase(file: string | undefined, io: KeysCliIo): Promise<string> {
  if (file !== undefined) {
    const text = await readInput(file, 'passphrase file')
    const first = text.split(/\r?\n/)[0]
    if (first === '') throw new InputError(`The passphrase file ${file} is empty.`)
    return first
  }
  const fromEnv = io.env[PASSPHRASE_ENV]
  if (fromEnv) return fromEnv
  throw new UsageError(`No passphrase: give --passphrase-file FILE or set ${PASSPHRASE_ENV} (pumotix-keys never asks interactively).`)
}

async function loadRoot(path: string, passphraseFile: string | undefined, io: KeysCliIo): Promise<RootSigningKey> {
  const pem = await readInput(path, 'root key file')
  const secret = await passphrase(passphraseFile, io)
  try {
    return readRootPrivateKey(pem, secret)
  } catch (err) {
    if (err instanceof RootKeyError) throw new InputError(`${path}: ${err.message}`)
    throw err
  }
}

function rootLines(root: RootPublicKey): string {
  return `Root key id: ${root.kid} (${root.alg})\n${root.publicKey}`
}

function isoOption(name: string, value: string): Date {
  const date = new Date(value)
  if (value.trim() === '' || Number.isNaN(date.getTime())) throw new UsageError(`${name} must be an ISO-8601 time like 2026-01-01T00:00:00Z, got ${JSON.stringify(value)}.`)
  return date
}

async function rootCommand(args: string[], io: KeysCliIo): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'create') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { out: { type: 'string' }, alg: { type: 'string' }, 'public-out': { type: 'string' }, ...PASSPHRASE_OPTION },
    })
    if (positionals.length > 0) throw new UsageError(`Unexpected argument ${JSON.stringify(positionals[0])}.`)
    if (!values.out) throw new UsageError('root create needs --out ROOT_KEY.')
    const alg: LicenseAlg | string = values.alg ?? 'ed25519'
    if (!isLicenseAlg(alg)) throw new UsageError(`--alg must be ed25519 or rsa-pss-sha256, got ${JSON.stringify(values.alg)}.`)
    const secret = await passphrase(values['passphrase-file'], io)
    await refuseExisting(values.out)
    if (values['public-out']) await refuseExisting(values['public-out'])
    let pair
    try {
      pair = generateRootKey(alg, secret)
    } catch (err) {
      if (err instanceof RootKeyError) throw new InputError(err.message)
      throw err
    }
    await writeNew(values.out, pair.encryptedPrivateKeyPem, 0o600, 'root key file')
    io.out(`Root key written to ${values.out} (encrypted PKCS#8, mode 0600). Keep it offline.\n`)
    const pub = rootPublicKey(pair)
    if (values['public-out']) {
      await writeNew(values['public-out'], pair.publicKeyPem, 0o644, 'public key file')
      io.out(`Root key id: ${pub.kid} (${pub.alg})\nPublic key written to ${values['public-out']}.\n`)
    } else {
      io.out(rootLines(pub))
    }
    return EXIT_OK
  }
  if (sub === 'public') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { ...PASSPHRASE_OPTION } })
    if (positionals.length !== 1) throw new UsageError('root public needs exactly one ROOT_KEY file.')
    const root = await loadRoot(positionals[0], values['passphrase-file'], io)
    io.out(rootLines(rootPublicKey(root)))
    return EXIT_OK
  }
  throw new UsageError(sub === undefined ? 'root needs a subcommand: create or public.' : `Unknown root subcommand ${JSON.stringify(sub)} (create or public).`)
}

async function certifyCommand(args: string[], io: KeysCliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { root: { type: 'string' }, 'not-before': { type: 'string' }, 'not-after': { type: 'string' }, out: { type: 'string' }, ...PASSPHRASE_OPTION },
  })
  if (positionals.length !== 1) throw new UsageError('certify needs exactly one REQUEST_FILE.')
  if (!values.root) throw new UsageError('certify needs --root ROOT_KEY.')
  if (!values.out) throw new UsageError('certify needs --out CERT_FILE.')
  const notBefore = values['not-before'] === undefined ? undefined : isoOption('--not-before', values['not-before'])
  const notAfter = values['not-after'] === undefined || values['not-after'] === 'none' ? null : isoOption('--not-after', values['not-after'])
  const requestText = await readInput(positionals[0], 'certification request')
  let request
  try {
    request = readCertificationRequest(requestText).request
  } catch (err) {
    if (err instanceof SignedDocumentError) throw new InputError(`${positionals[0]}: ${err.message}`)
    throw err
  }
  const root = await loadRoot(values.root, values['passphrase-file'], io)
  await refuseExisting(values.out)
  let bytes: Buffer
  try {
    bytes = certifySigningKey(request, root, { notBefore, notAfter })
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(err.message)
    throw err
  }
  const certified = verifyCertificate(bytes, [rootPublicKey(root)])
  if (!certified.ok) throw new Error(`The new certificate does not verify: ${certified.reason}`)
  await writeNew(values.out, formatCertificateFile(bytes), 0o644, 'certificate file')
  io.out(
    `Certified signing key ${request.kid} (${request.alg})\n` +
      `  requested at:   ${request.createdAt}\n` +
      `  valid for licenses issued ${describeValidity(certified.certificate)}\n` +
      `  by root key     ${root.kid} (${root.alg})\n` +
      `Certificate written to ${values.out}.\n`,
  )
  return EXIT_OK
}

async function revokeCommand(args: string[], io: KeysCliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { root: { type: 'string' }, kid: { type: 'string', multiple: true }, previous: { type: 'string' }, out: { type: 'string' }, ...PASSPHRASE_OPTION },
  })
  if (positionals.length > 0) throw new UsageError(`Unexpected argument ${JSON.stringify(positionals[0])}.`)
  if (!values.root) throw new UsageError('revoke needs --root ROOT_KEY.')
  if (!values.out) throw new UsageError('revoke needs --out LIST_FILE.')
  const kids = values.kid ?? []
  if (kids.length === 0) throw new UsageError('revoke needs at least one --kid KID.')
  for (const kid of kids) if (!isKid(kid)) throw new UsageError(`${JSON.stringify(kid)} is not a key id (like ed25519-0123456789abcdef).`)
  const root = await loadRoot(values.root, values['passphrase-file'], io)
  let previous: { number: number; revoked: string[] } = { number: 0, revoked: [] }
  if (values.previous) {
    const checked = verifyRevocationList(await readInput(values.previous, 'previous revocation list'), [rootPublicKey(root)])
    if (!checked.ok) {
      throw new InputError(
        checked.code === 'unknown-root'
          ? `${values.previous} was not signed by this root key (${root.kid}); a new list continues the lists of the root that signs it.`
          : `${values.previous}: ${checked.reason}`,
      )
    }
    previous = checked.revocationList
  }
  await refuseExisting(values.out)
  const added = [...new Set(kids)].filter((k) => !previous.revoked.includes(k)).sort()
  let bytes: Buffer
  try {
    bytes = signRevocationList(root, { number: previous.number + 1, issuedAt: io.now(), revoked: [...previous.revoked, ...kids] })
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(err.message)
    throw err
  }
  const checked = verifyRevocationList(bytes, [rootPublicKey(root)])
  if (!checked.ok) throw new Error(`The new revocation list does not verify: ${checked.reason}`)
  await writeNew(values.out, formatRevocationListFile(bytes), 0o644, 'revocation list file')
  const list = checked.revocationList
  io.out(
    `Revocation list ${list.number} by root key ${root.kid}, issued at ${list.issuedAt}\n` +
      `  revokes: ${list.revoked.join(', ')}\n` +
      `  new in this list: ${added.length > 0 ? added.join(', ') : '(none: every key id was revoked already)'}\n` +
      `Revocation list written to ${values.out}.\n`,
  )
  return EXIT_OK
}

/** The document type of a file: by its armor label, or for bare base64 by its payload's type. */
function typeOf(text: string): DocumentType {
  const types = Object.keys(DOCUMENT_LABEL) as DocumentType[]
  const armored = types.find((t) => text.includes(`-----BEGIN PUMOTIX ${DOCUMENT_LABEL[t]}-----`))
  if (armored) return armored
  for (const t of types) {
    try {
      const found = peekPayloadType(parseEnvelope(documentBytes(text, t), t).payloadBytes)
      if (found !== undefined && types.some((known) => known === found)) return types.find((known) => known === found) ?? t
    } catch {
      // try the next type
    }
  }
  throw new InputError('This is not a certification request, signing-key certificate or revocation list (no PUMOTIX armor, and not the base64 of one).')
}

async function showCommand(args: string[], io: KeysCliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { roots: { type: 'string' }, json: { type: 'boolean' } } })
  if (positionals.length !== 1) throw new UsageError('show needs exactly one FILE.')
  const text = await readInput(positionals[0], 'file')
  let roots: RootPublicKey[] | undefined
  if (values.roots) {
    try {
      roots = parseRootsText(await readInput(values.roots, 'roots file'), nodeSuite)
    } catch (err) {
      if (err instanceof InputError) throw err
      throw new InputError(`${values.roots}: ${(err as Error).message}`)
    }
  }
  const type = typeOf(text)
  let envelope
  try {
    envelope = parseEnvelope(documentBytes(text, type), type).envelope
  } catch (err) {
    if (err instanceof SignedDocumentError) throw new InputError(`${positionals[0]}: ${err.message}`)
    throw err
  }
  let payload: object
  let signature: string
  let signatureOk = true
  let rows: [string, string][]
  if (type === 'certification-request') {
    let request
    try {
      request = readCertificationRequest(text).request
    } catch (err) {
      if (err instanceof SignedDocumentError) throw new InputError(`${positionals[0]}: ${err.message}`)
      throw err
    }
    payload = request
    signature = 'valid (made with the private key of the key it names)'
    rows = [
      ['Key id', request.kid],
      ['Algorithm', request.alg],
      ['Public key', `${request.publicKey} (base64 SPKI DER)`],
      ['Requested at', request.createdAt],
    ]
  } else {
    const bytes = documentBytes(text, type)
    const payloadBytes = parseEnvelope(bytes, type).payloadBytes
    if (type === 'signing-key') {
      const read = readCertificatePayload(payloadBytes)
      if ('problem' in read) throw new InputError(`${positionals[0]}: ${read.problem}`)
      const c = read.certificate
      payload = c
      rows = [
        ['Key id', c.kid],
        ['Algorithm', c.alg],
        ['Public key', `${c.publicKey} (base64 SPKI DER)`],
        ['Valid', `for licenses issued ${describeValidity(c)}`],
      ]
      const checked = roots ? verifyCertificate(bytes, roots) : null
      signature = checked === null ? 'not checked (give --roots to check it)' : checked.ok ? 'valid' : `NOT valid: ${checked.reason}`
      signatureOk = checked === null || checked.ok
    } else {
      const read = readRevocationListPayload(payloadBytes)
      if ('problem' in read) throw new InputError(`${positionals[0]}: ${read.problem}`)
      const l = read.revocationList
      payload = l
      rows = [
        ['Number', String(l.number)],
        ['Issued at', l.issuedAt],
        ['Revoked', l.revoked.length > 0 ? l.revoked.join(', ') : '(none)'],
      ]
      const checked = roots ? verifyRevocationList(bytes, roots) : null
      signature = checked === null ? 'not checked (give --roots to check it)' : checked.ok ? 'valid' : `NOT valid: ${checked.reason}`
      signatureOk = checked === null || checked.ok
    }
  }
  if (values.json) {
    io.out(JSON.stringify({ type, signer: { kid: envelope.kid, alg: envelope.alg }, signature, payload }, null, 2) + '\n')
    return signatureOk ? EXIT_OK : EXIT_INVALID_INPUT
  }
  const all: [string, string][] = [...rows, ['Signed by', `${envelope.kid} (${envelope.alg})`], ['Signature', signature]]
  const width = Math.max(...all.map(([label]) => label.length)) + 2
  const noun = DOCUMENT_NOUN[type]
  io.out(`${noun[0].toUpperCase()}${noun.slice(1)}\n` + all.map(([label, value]) => `  ${(label + ':').padEnd(width)}${value}\n`).join(''))
  return signatureOk ? EXIT_OK : EXIT_INVALID_INPUT
}

/** Runs the tool with `argv` (without node and script) and returns the exit code. */
export async function runKeysCli(argv: string[], io: KeysCliIo = defaultIo): Promise<number> {
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
      case 'root':
        return await rootCommand(rest, io)
      case 'certify':
        return await certifyCommand(rest, io)
      case 'revoke':
        return await revokeCommand(rest, io)
      case 'show':
        return await showCommand(rest, io)
      default:
        throw new UsageError(`Unknown command ${JSON.stringify(command)}.`)
    }
  } catch (err) {
    if (err instanceof InputError) {
      io.err(`${err.message}\n`)
      return EXIT_INVALID_INPUT
    }
    if (err instanceof OutputError) {
      io.err(`${err.message}\n`)
      return EXIT_OUTPUT
    }
    const isUsage = err instanceof UsageError || (err as NodeJS.ErrnoException)?.code?.startsWith('ERR_PARSE_ARGS')
    if (!isUsage) throw err
    io.err(`${(err as Error).message}\nRun pumotix-keys --help for usage.\n`)
    return EXIT_USAGE
  }
}
