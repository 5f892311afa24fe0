/**
 * A relationship read with depth ≥ 1 holds the related document; the generated types also allow the
 * bare id (depth 0). Tests that read with depth ≥ 1 take the document through this, so a read that
 * returned only the id fails with a message instead of an undefined property.
 */
export function populated<T extends object>(value: T | string | number | null | undefined): T {
  if (typeof value !== 'object' || value === null) throw new Error(`expected a populated relationship, got ${JSON.stringify(value)}`)
  return value
}
