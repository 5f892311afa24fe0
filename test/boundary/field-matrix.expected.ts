/**
 * Which roles' values land in each field, through create, update and duplicate
 * (test/boundary/field-matrix.test.ts says how). Keys are `collection field.path`; roles as in ROLES.
 */
export const expectedFields: Record<string, string> = {
  'users ?': '?',
  'controllers ?': '?',
  'orders ?': '?',
  'payments ?': '?',
  'licenses ?': '?',
  'options ?': '?',
  'option-terms ?': '?',
  'signing-keys ?': '?',
  'root-keys ?': '?',
  'revocation-lists ?': '?',
  'audit-events ?': '?',
  'news ?': '?',
  'media ?': '?',
  'news-deliveries ?': '?',
  'help-pages ?': '?',
  'rate-limit-counters ?': '?',
  'lock-leases ?': '?',
  'payload-kv ?': '?',
  'payload-jobs ?': '?',
  'payload-locked-documents ?': '?',
  'payload-preferences ?': '?',
  'payload-migrations ?': '?',
}
