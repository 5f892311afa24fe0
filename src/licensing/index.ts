/**
 * PUMOTIX licensing: request codes, license payloads and files, keys, signing and verification,
 * formats 1 and 2 (format 2 adds root keys, signing-key certificates and revocation lists).
 * Pure library: no Payload imports. Formats: docs/license-format.md.
 */
export { type LicenseAlg, LICENSE_ALGS, DEFAULT_LICENSE_ALG, isLicenseAlg, isKid, isKidOf } from './algorithms'
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

// --- format 2 ---------------------------------------------------------------------------------
export {
  type RequestCodeV2,
  type RequestCodeV2Input,
  REQUEST_CODE_V2_PREFIX,
  encodeRequestCodeV2,
  decodeRequestCodeV2,
  readRequestCode,
  requestCodeV2Bytes,
} from './request-code-v2'
export {
  type LicensePayloadV2,
  type LicensePayloadV2Input,
  type LicenseOptionV2,
  type LicenseOptionV2Input,
  buildLicensePayloadV2,
  serializeLicensePayloadV2,
  licensePayloadV2Problem,
} from './license-payload-v2'
export {
  type LicenseEnvelopeV2,
  type ParsedLicenseV2,
  parseLicenseFileV2,
  parseLicenseEnvelopeV2,
  licenseFileVersion,
} from './license-file-v2'
export {
  type DocumentFailureCode,
  type DocumentType,
  SignedDocumentError,
  documentBytes,
  DOCUMENT_LABEL,
} from './signed-envelope'
export {
  type SigningKeyCertificate,
  certificatePayloadProblem,
  serializeCertificatePayload,
  coversIssuedAt,
} from './certificate'
export {
  type RevocationList,
  type RevocationListInput,
  buildRevocationList,
  revocationListProblem,
  serializeRevocationList,
  newerRevocationList,
} from './revocation-list'
export { type RootPublicKey, type CertificateResult, type RevocationListResult } from './document-verify'
export {
  type CertificationRequest,
  makeCertificationRequest,
  readCertificationRequest,
  formatCertificationRequestFile,
  certificationRequestProblem,
} from './certification-request'
export {
  type RootKeyPair,
  type RootSigningKey,
  RootKeyError,
  ROOT_PASSPHRASE_MIN_LENGTH,
  generateRootKey,
  readRootPrivateKey,
  rootPublicKey,
} from './root-key'
export {
  type CertificateValidity,
  certifySigningKey,
  signRevocationList,
  formatCertificateFile,
  formatRevocationListFile,
} from './root-sign'
export { type SignLicenseV2Options, signLicenseV2, certificateKeyProblem } from './sign-v2'
export {
  type VerifyV2Result,
  type VerifyV2Success,
  type VerifyV2Failure,
  type VerifyV2FailureCode,
  type LicenseOptionState,
  type RevocationState,
} from './verify-v2-common'
export { verifyLicenseV2, verifyCertificate, verifyRevocationList, readRootKeys } from './verify-v2'
export { verifyLicenseV2WithForge, verifyCertificateWithForge, verifyRevocationListWithForge } from './forge-verify-v2'
