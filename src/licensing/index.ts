/**
 * PUMOTIX licensing: request codes, license payloads and files, keys, signing and verification.
 * Pure library: no Payload imports. Formats: docs/license-format.md.
 */
export { type LicenseAlg, LICENSE_ALGS, DEFAULT_LICENSE_ALG, isLicenseAlg } from './algorithms'
export { crc32 } from './crc32'
export { CROCKFORD_ALPHABET, crockfordEncode, crockfordDecode } from './crockford'
export {
  type RequestCode,
  type RequestCodeErrorReason,
  RequestCodeError,
  REQUEST_CODE_PREFIX,
  encodeRequestCode,
  decodeRequestCode,
  requestCodeBytes,
} from './request-code'
export {
  type LicensePayload,
  type LicensePayloadInput,
  buildLicensePayload,
  serializeLicensePayload,
  licensePayloadProblem,
  OPTION_CODE_PATTERN,
  LICENSE_ID_PATTERN,
} from './license-payload'
export { type LicenseEnvelope, LicenseFormatError, parseLicenseFile, LICENSE_BEGIN, LICENSE_END } from './license-file'
export {
  type SigningKey,
  type PublicKeyInfo,
  type KeyStatus,
  generateSigningKey,
  kidForPublicKey,
  toPublicKeyInfo,
} from './keys'
export { encryptPrivateKey, decryptPrivateKey, KeyDecryptionError } from './key-encryption'
export { signLicense, type LicenseSigningKey } from './sign'
export { type VerifyResult, type VerifyOptions, type VerifyFailureCode } from './verify-common'
export { verifyLicense } from './verify'
export { verifyLicenseWithForge } from './forge-verify'
