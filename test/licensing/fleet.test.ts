/**
 * The fleet's story, in the pure library: controllers that hold only the root keys (in
 * firmware) and the revocation list they last learnt, through a key rotation and a revocation.
 * Every step runs with node:crypto and with node-forge, the device-side implementation.
 */
import { describe, expect, it } from '@jest/globals'
import {
  buildLicensePayloadV2,
  certifySigningKey,
  encodeRequestCodeV2,
  generateRootKey,
  generateSigningKey,
  makeCertificationRequest,
  readCertificationRequest,
  readRequestCode,
  readRootPrivateKey,
  rootPublicKey,
  signLicenseV2,
  signRevocationList,
  verifyCertificate,
  verifyLicenseV2,
  verifyLicenseV2WithForge,
  verifyRevocationList,
  type RevocationList,
  type RootPublicKey,
  type SigningKey,
  type VerifyV2Result,
} from '@/licensing'
import { createPrivateKey } from 'node:crypto'
import { formatLicenseFileV2 } from '@/licensing/license-file-v2'
import { serializeLicensePayloadV2 } from '@/licensing/license-payload-v2'
import { signBytes } from '@/licensing/sign'

const PASSPHRASE = 'the offline root passphrase'
const HW = 'a3f94c0e5b7d21886e0f4d3c2b1a9087'

/** A controller: roots in firmware, the held list in non-volatile memory. */
class Controller {
  held: RevocationList | null = null
  installed: string | null = null
  constructor(
    readonly roots: RootPublicKey[],
    readonly hardwareId = HW,
  ) {}

  /** Verifies with both implementations (which must agree), stores a newer list, installs on success. */
  install(text: string, now: Date): VerifyV2Result {
    const opts = { now, hardwareId: this.hardwareId }
    const result = verifyLicenseV2WithForge(text, this.roots, this.held, opts)
    expect(verifyLicenseV2(text, this.roots, this.held, opts)).toEqual(result)
    if (result.revocationListUpdated) this.held = result.revocationList
    if (result.ok) this.installed = text
    return result
  }

  requestCode(now: Date, sequence: number): string {
    return encodeRequestCodeV2({ modelId: 7, serial: '20250001', hardwareId: this.hardwareId, sequence, createdAt: now, revocationNumber: this.held?.number ?? 0, enforcesOptionEndDates: true })
  }
}

/** The back office, as far as the library goes: signing keys, their certificates, the newest list. */
class Server {
  key!: SigningKey
  certificate!: Buffer
  list: Buffer | null = null
  sequence = 0

  rotate(now: Date, certify: (request: string) => Buffer, roots: RootPublicKey[]): void {
    const pending = generateSigningKey('ed25519', now)
    const request = makeCertificationRequest(pending, now)
    const certificate = certify(request.toString('base64'))
    const upload = verifyCertificate(certificate, roots)
    if (!upload.ok || upload.certificate.kid !== pending.kid) throw new Error('upload refused')
    this.key = pending
    this.certificate = certificate
  }

  publish(list: Buffer, roots: RootPublicKey[]): void {
    if (!verifyRevocationList(list, roots).ok) throw new Error('list refused')
    this.list = list
  }

  issue(requestCode: string, options: string[], now: Date): string {
    const rc = readRequestCode(requestCode)
    const payload = buildLicensePayloadV2({
      licenseId: `LIC-${++this.sequence}`,
      serial: rc.serial,
      modelId: rc.modelId,
      hardwareId: rc.hardwareId,
      options,
      maintenanceUntil: null,
      sequence: rc.sequence + 1,
      issuedAt: now,
    })
    return signLicenseV2(payload, this.key, { certificate: this.certificate, revocationList: this.list }).text
  }
}

/** A thief who copied key A: signs whatever it likes, with or without a list. */
function forge(key: SigningKey, certificate: Buffer, list: Buffer | null, issuedAt: string, hardwareId = HW): string {
  const payload = buildLicensePayloadV2({ licenseId: 'STOLEN-1', serial: '20250001', modelId: 7, hardwareId, options: ['EVERYTHING'], maintenanceUntil: null, sequence: 99, issuedAt })
  const bytes = serializeLicensePayloadV2(payload)
  const sig = signBytes('ed25519', bytes, createPrivateKey(key.privateKeyPem))
  return formatLicenseFileV2({ alg: 'ed25519', kid: key.kid, enc: bytes.toString('base64'), sig: sig.toString('base64'), crt: certificate.toString('base64'), crl: list === null ? null : list.toString('base64') })
}

describe('the fleet through a rotation and a revocation', () => {
  // The root holder's offline machine.
  const root = readRootPrivateKey(generateRootKey('ed25519', PASSPHRASE).encryptedPrivateKeyPem, PASSPHRASE)
  const roots = [rootPublicKey(root)]
  const certify = (request: string) => certifySigningKey(readCertificationRequest(request).request, root)
  const server = new Server()
  const controller = new Controller(roots)
  const day = (d: string) => new Date(`${d}T12:00:00.000Z`)

  server.rotate(day('2026-01-01'), certify, roots)
  const keyA = server.key
  const certificateA = server.certificate

  it('1. a controller knowing only the root installs a license by key A', () => {
    const r = controller.install(server.issue(controller.requestCode(day('2026-01-10'), 0), ['CANOPEN'], day('2026-01-10')), day('2026-01-10'))
    expect(r.ok && [r.kid, r.activeOptions]).toEqual([keyA.kid, ['CANOPEN']])
    expect(controller.held).toBeNull()
  })

  it('2. after the rotation it installs a license by key B, which it has never heard of', () => {
    server.rotate(day('2026-03-01'), certify, roots)
    expect(server.key.kid).not.toBe(keyA.kid)
    const r = controller.install(server.issue(controller.requestCode(day('2026-03-05'), 1), ['CANOPEN', 'MODBUS'], day('2026-03-05')), day('2026-03-05'))
    expect(r.ok && [r.kid, r.rootKid]).toEqual([server.key.kid, root.kid])
  })

  it('3. key A is revoked (list 1); the next license carries the list and the controller keeps it', () => {
    server.publish(signRevocationList(root, { number: 1, issuedAt: day('2026-04-01'), revoked: [keyA.kid] }), roots)
    const code = controller.requestCode(day('2026-04-02'), 2)
    expect(readRequestCode(code)).toMatchObject({ version: 2, revocationNumber: 0, enforcesOptionEndDates: true })
    const r = controller.install(server.issue(code, ['CANOPEN', 'MODBUS', 'BACNET'], day('2026-04-02')), day('2026-04-02'))
    expect(r.ok && r.revocationListUpdated).toBe(true)
    expect(controller.held?.number).toBe(1)
    expect(readRequestCode(controller.requestCode(day('2026-04-03'), 3))).toMatchObject({ revocationNumber: 1 })
  })

  it('4. it then refuses a later license by key A that carries no list', () => {
    const before = controller.installed
    const r = controller.install(forge(keyA, certificateA, null, '2026-05-01T00:00:00.000Z'), day('2026-05-01'))
    expect(r).toMatchObject({ ok: false, code: 'revoked', revocationListUpdated: false })
    expect(controller.installed).toBe(before)
    expect(controller.held?.number).toBe(1)
  })

  it('5. and one backdated into key A\'s honest period', () => {
    expect(controller.install(forge(keyA, certificateA, null, '2026-01-15T00:00:00.000Z'), day('2026-05-01'))).toMatchObject({ ok: false, code: 'revoked' })
  })

  it('6. list 2 arrives with a license; a license by A carrying the older list 1 is still refused; the held list never goes back', () => {
    const list1 = server.list
    server.publish(signRevocationList(root, { number: 2, issuedAt: day('2026-06-01'), revoked: [keyA.kid, 'ed25519-00000000000000aa'] }), roots)
    const r = controller.install(server.issue(controller.requestCode(day('2026-06-02'), 3), ['CANOPEN'], day('2026-06-02')), day('2026-06-02'))
    expect(r.ok && r.revocationList?.number).toBe(2)
    expect(controller.held?.number).toBe(2)
    expect(controller.install(forge(keyA, certificateA, list1, '2026-06-10T00:00:00.000Z'), day('2026-06-10'))).toMatchObject({ ok: false, code: 'revoked', revocationListUpdated: false })
    // A valid license that still carries list 1 (issued before list 2 was published) is accepted; the controller keeps list 2.
    const old = signLicenseV2(
      buildLicensePayloadV2({ licenseId: 'LIC-OLD', serial: '20250001', modelId: 7, hardwareId: HW, options: ['CANOPEN'], maintenanceUntil: null, sequence: 5, issuedAt: day('2026-05-20') }),
      server.key,
      { certificate: server.certificate, revocationList: list1 },
    ).text
    const kept = controller.install(old, day('2026-06-11'))
    expect(kept.ok && [kept.revocationList?.number, kept.revocationListUpdated]).toEqual([2, false])
    expect(controller.held?.number).toBe(2)
  })

  it('7. a newer list is learnt even from a license refused for another reason', () => {
    const other = new Controller(roots, 'ff'.repeat(16))
    const r = other.install(server.issue(controller.requestCode(day('2026-06-12'), 6), ['CANOPEN'], day('2026-06-12')), day('2026-06-12'))
    expect(r).toMatchObject({ ok: false, code: 'hardware-id', revocationListUpdated: true })
    expect(other.held?.number).toBe(2)
    expect(other.install(forge(keyA, certificateA, null, '2026-06-13T00:00:00.000Z', 'ff'.repeat(16)), day('2026-06-13'))).toMatchObject({ ok: false, code: 'revoked' })
  })

  it('the known limit: a controller that never installed a license carrying a list accepts the thief\'s license', () => {
    const untouched = new Controller(roots)
    const r = untouched.install(forge(keyA, certificateA, null, '2026-05-01T00:00:00.000Z'), day('2026-05-01'))
    expect(r.ok && r.activeOptions).toEqual(['EVERYTHING'])
    // …until it installs any genuine license issued after the list was published.
    untouched.install(server.issue(untouched.requestCode(day('2026-06-20'), 99), ['CANOPEN'], day('2026-06-20')), day('2026-06-20'))
    expect(untouched.held?.number).toBe(2)
    expect(untouched.install(forge(keyA, certificateA, null, '2026-05-01T00:00:00.000Z'), day('2026-06-21'))).toMatchObject({ ok: false, code: 'revoked' })
  })

  it('a key certified by a root the fleet does not know is refused', () => {
    const rogue = readRootPrivateKey(generateRootKey('ed25519', PASSPHRASE).encryptedPrivateKeyPem, PASSPHRASE)
    const mine = generateSigningKey('ed25519')
    const rogueCertificate = certifySigningKey(makeCertificationRequest(mine), rogue)
    expect(controller.install(forge(mine, rogueCertificate, null, '2026-07-01T00:00:00.000Z'), day('2026-07-01'))).toMatchObject({ ok: false, code: 'unknown-root' })
  })
})
