/**
 * The body of a news item, rendered on the server from its Lexical JSON with Payload's React
 * converters (no HTML strings): the defaults plus code blocks and links to other news items.
 */
import { RichText, type JSXConvertersFunction } from '@payloadcms/richtext-lexical/react'
import type { SerializedEditorState } from '@payloadcms/richtext-lexical/lexical'

const converters: JSXConvertersFunction = ({ defaultConverters }) => ({
  ...defaultConverters,
  link: (args) => {
    const node = args.node as { fields?: { linkType?: string; url?: string; newTab?: boolean; doc?: { value?: { slug?: string } | string | number } } }
    const f = node.fields ?? {}
    const doc = f.doc?.value
    const href = f.linkType === 'internal' ? (typeof doc === 'object' && doc?.slug ? `/news/${doc.slug}` : '#') : (f.url ?? '#')
    const children = args.nodesToJSX({ nodes: args.node.children })
    return (
      <a href={href} {...(f.newTab ? { target: '_blank', rel: 'noopener noreferrer' } : {})}>
        {children}
      </a>
    )
  },
  blocks: {
    Code: ({ node }: { node: { fields?: { code?: string; language?: string } } }) => (
      <pre className="news-code" data-language={node.fields?.language ?? undefined}>
        <code>{node.fields?.code ?? ''}</code>
      </pre>
    ),
  },
})

export function NewsContent({ data }: { data: unknown }) {
  if (!data || typeof data !== 'object' || !('root' in data)) return null
  return <RichText className="news-content" data={data as SerializedEditorState} converters={converters} />
}
