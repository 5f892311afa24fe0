/** Tiny builders for Lexical rich-text JSON, so seeded content (help pages, news, options) reads like the text it is. */
import type { HelpPage } from '@payload-types'

/** A rich-text field's value, as payload-types.ts types every Lexical field. */
export type RichText = NonNullable<HelpPage['content']>
type Node = RichText['root']['children'][number]

const CODE = 16
const BOLD = 1

/** Text with `code` in backticks and **bold** in double stars. */
function inline(text: string): Node[] {
  return text
    .split(/(`[^`]+`|\*\*[^*]+\*\*)/)
    .filter(Boolean)
    .map((part) => {
      const format = part.startsWith('`') ? CODE : part.startsWith('**') ? BOLD : 0
      const value = format === CODE ? part.slice(1, -1) : format === BOLD ? part.slice(2, -2) : part
      return { type: 'text', text: value, format, detail: 0, mode: 'normal', style: '', version: 1 }
    })
}

const block = (type: string, children: Node[], extra: Record<string, unknown> = {}): Node => ({ type, children, direction: 'ltr', format: '', indent: 0, version: 1, ...extra })

export const p = (text: string) => block('paragraph', inline(text), { textFormat: 0, textStyle: '' })
export const h2 = (text: string) => block('heading', inline(text), { tag: 'h2' })
export const quote = (text: string) => block('quote', inline(text))
const list = (kind: 'number' | 'bullet', items: string[]) =>
  block(
    'list',
    items.map((item, i) => block('listitem', inline(item), { value: i + 1 })),
    { listType: kind, start: 1, tag: kind === 'number' ? 'ol' : 'ul' },
  )
export const ol = (items: string[]) => list('number', items)
export const ul = (items: string[]) => list('bullet', items)
/** The news collection's Code block (collections/News/content-editor.ts). */
export const codeBlock = (lines: string[]): Node => ({
  type: 'block',
  version: 2,
  format: '',
  fields: { id: `code${Math.abs(lines[0].length)}`, blockName: '', blockType: 'Code', language: 'gcode', code: lines.join('\n') },
})

export const doc = (...children: Node[]): RichText => ({ root: { type: 'root', children, direction: 'ltr', format: '', indent: 0, version: 1 } })
