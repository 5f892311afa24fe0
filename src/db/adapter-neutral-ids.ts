/**
 * Makes the generated document types honest about ids on both databases: SQLite stores numbers and
 * MongoDB strings (ObjectIds), while Payload writes the id type of the adapter that generated the
 * types (`number`, from the embedded SQLite default). This `typescript.schema` step turns every
 * document id and every relationship id in the JSON schema behind payload-types.ts into
 * `string | number`, so code typed by the generated types stays adapter-neutral.
 */
import type { Config } from 'payload'

type SchemaStep = NonNullable<NonNullable<Config['typescript']>['schema']>[number]
type JSONSchema4 = Parameters<SchemaStep>[0]['jsonSchema']

const ID_TYPES = ['string', 'number'] as const

function widened(type: JSONSchema4['type']): JSONSchema4['type'] {
  const types = Array.isArray(type) ? type : [type]
  if (!types.includes('number') && !types.includes('string')) return type
  return types.includes('null') ? [...ID_TYPES, 'null'] : [...ID_TYPES]
}

/** `oneOf: [{ type: id }, { $ref: '#/definitions/<collection>' }]`: how Payload writes a relationship value. */
function isRelationshipValue(node: JSONSchema4, collections: Set<string>): boolean {
  const [id, ref] = node.oneOf ?? []
  return node.oneOf?.length === 2 && typeof ref?.$ref === 'string' && collections.has(ref.$ref.replace('#/definitions/', '')) && id?.type !== undefined
}

function visit(node: unknown, collections: Set<string>): void {
  if (Array.isArray(node)) return node.forEach((n) => visit(n, collections))
  if (typeof node !== 'object' || node === null) return
  const schema = node as JSONSchema4
  if (isRelationshipValue(schema, collections)) schema.oneOf![0].type = widened(schema.oneOf![0].type)
  for (const value of Object.values(schema)) visit(value, collections)
}

export const adapterNeutralIds: SchemaStep = ({ jsonSchema, config }) => {
  const collections = new Set(config.collections.map((c) => c.slug))
  const definitions = jsonSchema.definitions ?? {}
  for (const slug of collections) {
    const id = definitions[slug]?.properties?.id
    if (id) id.type = widened(id.type)
  }
  visit(definitions, collections)
  return jsonSchema
}
