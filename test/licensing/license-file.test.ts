import { describe, expect, it } from '@jest/globals'
import { LICENSE_BEGIN, LICENSE_END, LicenseFormatError, parseLicenseFile } from '@/licensing'
import { formatLicenseFile } from '@/licensing/license-file'
import { licenseVectors, readVector } from './helpers'

const vector = licenseVectors()[0]
const text = readVector(vector.file)

function armor(content: string | Buffer): string {
  const b64 = Buffer.from(content).toString('base64')
  return `${LICENSE_BEGIN}\n${(b64.match(/.{1,64}/g) ?? []).join('\n')}\n${LICENSE_END}\n`
}

function formatError(input: string): LicenseFormatError {
  try {
    parseLicenseFile(input)
  } catch (err) {
    expect(err).toBeInstanceOf(LicenseFormatError)
    return err as LicenseFormatError
  }
  throw new Error('accepted')
}

const { envelope } = parseLicenseFile(text)
const payloadB64 = envelope.enc

describe('license file layout', () => {
  it('is armored base64, wrapped at 64 characters, ending with a newline', () => {
    const lines = text.split('\n')
    expect(lines[0]).toBe(LICENSE_BEGIN)
    expect(lines.at(-2)).toBe(LICENSE_END)
    expect(lines.at(-1)).toBe('')
    const body = lines.slice(1, -2)
    expect(body.slice(0, -1).every((l) => l.length === 64)).toBe(true)
    expect(body.at(-1)!.length).toBeGreaterThan(0)
    expect(body.at(-1)!.length).toBeLessThanOrEqual(64)
  })
  it('holds the envelope keys in the order alg, kid, enc, sig', () => {
    const json = Buffer.from(text.split('\n').slice(1, -2).join(''), 'base64').toString('utf8')
    expect(Object.keys(JSON.parse(json))).toEqual(['alg', 'kid', 'enc', 'sig'])
    expect(json.startsWith('{"alg":"ed25519","kid":"ed25519-')).toBe(true)
  })
  it('formatLicenseFile reproduces the file from its envelope', () => {
    expect(formatLicenseFile(envelope)).toBe(text)
  })
})

describe('parseLicenseFile', () => {
  it('returns envelope, payload bytes, signature and payload', () => {
    const parsed = parseLicenseFile(text)
    expect(parsed.payload).toEqual(vector.payload)
    expect(parsed.payloadBytes.toString('utf8')).toBe(readVector(vector.payloadFile))
    expect(parsed.signature).toHaveLength(64)
    expect(parsed.envelope.kid).toBe(vector.kid)
  })
  it('tolerates CRLF, indentation, surrounding text and missing final newline', () => {
    const variants = [
      text.replace(/\n/g, '\r\n'),
      text.split('\n').map((l) => '   ' + l).join('\n'),
      'Here is your license:\n\n' + text + '\nRegards\n',
      text.trimEnd(),
    ]
    for (const v of variants) expect(parseLicenseFile(v).payload).toEqual(vector.payload)
  })
  it.each([
    ['empty', '', 'The license file is empty.'],
    ['no BEGIN line', 'hello', 'This is not a PUMOTIX license file: the line -----BEGIN PUMOTIX LICENSE----- is missing.'],
    ['no END line', text.replace(LICENSE_END, ''), 'The license file is incomplete: the line -----END PUMOTIX LICENSE----- is missing.'],
    ['nothing inside', `${LICENSE_BEGIN}\n${LICENSE_END}\n`, 'The license file has nothing between its BEGIN and END lines.'],
    ['not base64', `${LICENSE_BEGIN}\n!!!!\n${LICENSE_END}\n`, 'The license file is damaged: the text between the BEGIN and END lines is not valid base64.'],
    ['line removed', text.split('\n').filter((_, i) => i !== 2).join('\n'), /^The license file is damaged: /],
    ['not JSON', armor('hello'), 'The license file is damaged: its content is not a JSON object.'],
    ['missing sig', armor(JSON.stringify({ alg: 'ed25519', kid: 'k', enc: payloadB64 })), /exactly the fields alg, kid, enc and sig/],
    ['extra field', armor(JSON.stringify({ ...envelope, x: 1 })), /exactly the fields alg, kid, enc and sig/],
    ['number kid', armor(JSON.stringify({ ...envelope, kid: 5 })), 'The license file is damaged: alg, kid, enc and sig must be strings.'],
    ['unknown alg', armor(JSON.stringify({ ...envelope, alg: 'hs256' })), 'The license uses the signature algorithm "hs256", which is not supported (ed25519 or rsa-pss-sha256).'],
    ['empty kid', armor(JSON.stringify({ ...envelope, kid: '' })), /kid is empty/],
    ['bad enc', armor(JSON.stringify({ ...envelope, enc: 'a' })), 'The license file is damaged: the payload (enc) is not valid base64.'],
    ['bad sig', armor(JSON.stringify({ ...envelope, sig: '***' })), 'The license file is damaged: the signature (sig) is not valid base64.'],
    ['payload not JSON', armor(JSON.stringify({ ...envelope, enc: Buffer.from('{').toString('base64') })), 'The license payload is not valid UTF-8 JSON.'],
    [
      'payload schema',
      armor(JSON.stringify({ ...envelope, enc: Buffer.from(JSON.stringify({ ...vector.payload, v: 2 })).toString('base64') })),
      /only version 1 is supported/,
    ],
    [
      'payload not canonical',
      armor(JSON.stringify({ ...envelope, enc: Buffer.from(JSON.stringify(vector.payload, null, 1)).toString('base64') })),
      'The license payload is not in canonical form (key order or spacing differs).',
    ],
  ])('rejects %s', (_name, input, message) => {
    const err = formatError(input)
    if (typeof message === 'string') expect(err.message).toBe(message)
    else expect(err.message).toMatch(message)
    expect(err.name).toBe('LicenseFormatError')
  })
})
