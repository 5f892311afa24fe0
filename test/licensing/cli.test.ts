import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseLicenseEnvelope } from '@/licensing/license-file'
import { flipByte, invalidRequestCodeVectors, licenseVectors, readVector, requestCodeVectors, ROOT, VECTORS, withReplaced } from './helpers'

const BIN = join(ROOT, 'bin/pumotix-device.mjs')
const KEYS = join(VECTORS, 'keys/test-keys.json')

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' } }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? 1) : 0
      done({ code: typeof code === 'number' ? code : 1, stdout, stderr })
    })
  })
}

const tmp = mkdtempSync(join(tmpdir(), 'pmx-cli-'))
let server: Server
let baseUrl = ''

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/api/license-keys') {
      res.setHeader('content-type', 'application/json')
      res.end(readFileSync(KEYS))
    } else {
      res.statusCode = 404
      res.end('{}')
    }
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((ok) => server.close(ok))
  rmSync(tmp, { recursive: true, force: true })
})

const code = requestCodeVectors()[1]
const ed = licenseVectors().find((l) => l.alg === 'ed25519' && l.payload.expiresAt === null)!
const rsa = licenseVectors().find((l) => l.alg === 'rsa-pss-sha256' && l.payload.expiresAt === null)!
const expiring = licenseVectors().find((l) => l.alg === 'ed25519' && l.payload.expiresAt !== null)!
const lic = (l: typeof ed) => join(VECTORS, l.file)

describe('pumotix-device CLI', () => {
  it('--help prints usage', async () => {
    const r = await run('--help')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Usage: pumotix-device <command>/)
    expect(r.stdout).toContain('request-code --model N --serial N --hardware-id HEX')
    expect((await run('verify', '--help')).code).toBe(0)
  })

  it('request-code prints the code', async () => {
    const f = code.fields
    const time = String(Date.parse(f.createdAt) / 1000)
    const r = await run('request-code', '--model', String(f.modelId), '--serial', f.serial, '--hardware-id', f.hardwareId.toUpperCase(), '--sequence', String(f.sequence), '--time', time)
    expect(r).toEqual({ code: 0, stdout: code.text + '\n', stderr: '' })
  })

  it('request-code defaults to sequence 0 and the current time', async () => {
    const before = Math.floor(Date.now() / 1000)
    const r = await run('request-code', '--model', '1', '--serial', '99', '--hardware-id', '00'.repeat(16))
    expect(r.code).toBe(0)
    const d = await run('decode', r.stdout.trim(), '--json')
    const fields = JSON.parse(d.stdout)
    expect(fields.sequence).toBe(0)
    expect(Date.parse(fields.createdAt) / 1000).toBeGreaterThanOrEqual(before)
  })

  it('request-code usage errors exit 64', async () => {
    expect((await run('request-code', '--serial', '1', '--hardware-id', '00'.repeat(16))).code).toBe(64)
    const bad = await run('request-code', '--model', '1', '--serial', '1', '--hardware-id', 'xyz')
    expect(bad.code).toBe(64)
    expect(bad.stderr).toContain('The hardware id must be 32 hexadecimal characters')
    expect((await run('request-code', '--model', 'one', '--serial', '1', '--hardware-id', '00'.repeat(16))).code).toBe(64)
  })

  it('decode prints the fields of a valid code', async () => {
    const r = await run('decode', code.text.toLowerCase())
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(
      [
        'Request code OK',
        'Version:     1',
        `Model id:    ${code.fields.modelId}`,
        `Serial:      ${code.fields.serial}`,
        `Hardware id: ${code.fields.hardwareId}`,
        `Sequence:    ${code.fields.sequence}`,
        `Created at:  ${code.fields.createdAt}`,
        '',
      ].join('\n'),
    )
  })

  it('decode joins a code given as several arguments', async () => {
    expect((await run('decode', ...code.text.split('-'))).code).toBe(0)
  })

  it('decode explains an invalid code and exits 1', async () => {
    for (const v of invalidRequestCodeVectors().filter((c) => c.reason !== 'empty')) {
      const r = await run('decode', v.text)
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(new RegExp(`^Invalid request code \\(${v.reason}\\): `))
      expect(r.stdout).toBe('')
    }
    expect((await run('decode')).code).toBe(64)
  })

  it('verify: OK with a keys file (Ed25519 and RSA)', async () => {
    for (const l of [ed, rsa]) {
      const r = await run('verify', lic(l), '--keys', KEYS, '--hardware-id', l.payload.hardwareId.toUpperCase())
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(/^License OK\n/)
      expect(r.stdout).toContain(`License id:    ${l.payload.licenseId}`)
      expect(r.stdout).toContain(`Options:       ${l.payload.options.join(', ')}`)
      expect(r.stdout).toContain(`Signed by:     ${l.kid} (${l.alg})`)
      expect(r.stdout).toContain('Verified with: node-forge')
    }
  })

  it('verify: OK with a single PEM public key (kid derived) and with --json', async () => {
    const r = await run('verify', lic(ed), '--keys', join(VECTORS, 'keys/TEST-ONLY-ed25519.public.pem'), '--json')
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, kid: ed.kid, alg: 'ed25519', payload: ed.payload })
  })

  it('verify: OK with keys from a URL', async () => {
    const r = await run('verify', lic(rsa), '--keys', `${baseUrl}/api/license-keys`)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^License OK\n/)
    const missing = await run('verify', lic(rsa), '--keys', `${baseUrl}/nope`)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('HTTP 404')
  })

  it('verify: a tampered license exits 2 with the reason', async () => {
    const text = readVector(ed.file)
    const { payloadBytes } = parseLicenseEnvelope(text)
    const file = join(tmp, 'tampered.lic')
    writeFileSync(file, withReplaced(text, { payloadBytes: flipByte(payloadBytes, 40, 1) }))
    const r = await run('verify', file, '--keys', KEYS)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(`License NOT valid: The license signature is not valid: the file was changed after it was signed, or it was not signed by key ${ed.kid}.\n`)
  })

  it('verify: a wrong hardware id exits 2', async () => {
    const r = await run('verify', lic(ed), '--keys', KEYS, '--hardware-id', 'ff'.repeat(16))
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`This license is for the controller with hardware id ${ed.payload.hardwareId}, not for hardware id ${'ff'.repeat(16)}.`)
  })

  it('verify: expiry, unknown key, unreadable files', async () => {
    const expired = await run('verify', lic(expiring), '--keys', KEYS, '--now', '2027-02-01T00:00:00Z')
    expect(expired.code).toBe(2)
    expect(expired.stderr).toContain('The license expired on 2027-01-15T09:30:00.000Z.')
    expect((await run('verify', lic(expiring), '--keys', KEYS, '--now', '2026-02-01T00:00:00Z')).code).toBe(0)
    const other = await run('verify', lic(ed), '--keys', join(VECTORS, 'keys/TEST-ONLY-rsa-pss-sha256.public.pem'))
    expect(other.code).toBe(2)
    expect(other.stderr).toContain('which is not among the known license keys')
    expect((await run('verify', join(tmp, 'missing.lic'), '--keys', KEYS)).stderr).toContain('Could not read the license file')
    expect((await run('verify', lic(ed), '--keys', join(tmp, 'missing.json'))).code).toBe(2)
  })

  it('verify usage errors exit 64', async () => {
    expect((await run('verify', lic(ed))).code).toBe(64)
    expect((await run('verify', '--keys', KEYS)).code).toBe(64)
    expect((await run('verify', lic(ed), '--keys', KEYS, '--now', 'soon')).code).toBe(64)
    expect((await run('frobnicate')).code).toBe(64)
    expect((await run()).code).toBe(64)
  })
})

describe('the device side never uses node:crypto', () => {
  // Follows the value imports (not `import type`) from cli.ts through src/licensing.
  it('cli.ts and everything it imports', () => {
    const seen = new Set<string>()
    const external = new Set<string>()
    const visit = (file: string) => {
      if (seen.has(file)) return
      seen.add(file)
      const source = readFileSync(file, 'utf8')
      for (const m of source.matchAll(/^import\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)) {
        if (m[1]) continue
        const spec = m[2]
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec) + '.ts')
        else external.add(spec)
      }
    }
    visit(join(ROOT, 'src/licensing/cli.ts'))
    expect([...external].sort()).toEqual(['node-forge', 'node:fs/promises', 'node:util'])
    expect([...seen].map((f) => f.slice(f.lastIndexOf('/') + 1)).sort()).toEqual([
      'algorithms.ts',
      'cli.ts',
      'crc32.ts',
      'crockford.ts',
      'forge-keys.ts',
      'forge-verify.ts',
      'license-file.ts',
      'license-payload.ts',
      'request-code.ts',
      'verify-common.ts',
    ])
  })
})
