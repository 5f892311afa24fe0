/** Signature algorithms a license can use, and their short names in key ids. */

export type LicenseAlg = 'ed25519' | 'rsa-pss-sha256'

export const LICENSE_ALGS: readonly LicenseAlg[] = ['ed25519', 'rsa-pss-sha256']

export const DEFAULT_LICENSE_ALG: LicenseAlg = 'ed25519'

/** Key id prefix per algorithm: kid = `${prefix}-${first 16 hex of SHA-256(SPKI DER)}`. */
export const KID_PREFIX: Record<LicenseAlg, string> = { ed25519: 'ed25519', 'rsa-pss-sha256': 'rsapss' }

/** RSA-PSS parameters: SHA-256, MGF1 with SHA-256, 32-byte salt. */
export const RSA_PSS_SALT_LENGTH = 32
export const RSA_MODULUS_BITS = 3072
/** Smallest RSA modulus accepted for verification keys (new keys are 3072 bits). */
export const RSA_MIN_MODULUS_BITS = 2048
export const ED25519_SIGNATURE_BYTES = 64

export function isLicenseAlg(value: unknown): value is LicenseAlg {
  return typeof value === 'string' && (LICENSE_ALGS as readonly string[]).includes(value)
}

/** True when `kid` has the form of a key id of algorithm `alg` (prefix and 16 lowercase hex). */
export function isKidOf(alg: LicenseAlg, kid: unknown): kid is string {
  return typeof kid === 'string' && kid.length === KID_PREFIX[alg].length + 17 && kid.startsWith(`${KID_PREFIX[alg]}-`) && /^[0-9a-f]{16}$/.test(kid.slice(-16))
}

/** True when `kid` has the form of a key id of any algorithm. */
export function isKid(kid: unknown): kid is string {
  return LICENSE_ALGS.some((alg) => isKidOf(alg, kid))
}
