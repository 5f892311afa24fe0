import type { SigningKey } from '@payload-types'
import type { FieldHook } from 'payload'

/** A signing key's "licenses signed": counted from the licenses (indexed by kid) whenever the key is read. */
export const countLicensesSigned: FieldHook<SigningKey, number> = async ({ data, req }) => {
  if (!data?.kid) return 0
  const { totalDocs } = await req.payload.count({ collection: 'licenses', where: { kid: { equals: data.kid } }, overrideAccess: true, req })
  return totalDocs
}
