/**
 * The rich-text editor of a news item: headings, lists, links, quotes, inline code and code blocks,
 * and images uploaded to the media collection. The portal renders the same nodes (src/news/render).
 */
import {
  BlocksFeature,
  BlockquoteFeature,
  BoldFeature,
  CodeBlock,
  FixedToolbarFeature,
  HeadingFeature,
  HorizontalRuleFeature,
  InlineCodeFeature,
  InlineToolbarFeature,
  ItalicFeature,
  LinkFeature,
  OrderedListFeature,
  ParagraphFeature,
  StrikethroughFeature,
  UnderlineFeature,
  UnorderedListFeature,
  UploadFeature,
  lexicalEditor,
} from '@payloadcms/richtext-lexical'

export const newsContentEditor = lexicalEditor({
  features: () => [
    ParagraphFeature(),
    HeadingFeature({ enabledHeadingSizes: ['h2', 'h3', 'h4'] }),
    BoldFeature(),
    ItalicFeature(),
    UnderlineFeature(),
    StrikethroughFeature(),
    InlineCodeFeature(),
    LinkFeature({ enabledCollections: ['news'] }),
    UnorderedListFeature(),
    OrderedListFeature(),
    BlockquoteFeature(),
    HorizontalRuleFeature(),
    UploadFeature({ collections: { media: { fields: [] } } }),
    BlocksFeature({ blocks: [CodeBlock({ defaultLanguage: 'ts', languages: { plaintext: 'Plain text', ts: 'TypeScript', js: 'JavaScript', gcode: 'G-code', bash: 'Shell', json: 'JSON' } })] }),
    FixedToolbarFeature(),
    InlineToolbarFeature(),
  ],
})
