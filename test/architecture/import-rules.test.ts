/**
 * The folders and what each may import (docs/architecture.md, "Folders and their imports"): every
 * import of the product's own code is resolved to the folder it lands in and checked against the
 * rules below; imports of packages are not restricted here. A new arrow means a change of this table
 * and of the document, on purpose.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'

const ROOT = path.resolve(import.meta.dirname, '../..')

/** Everything may import the generated types; beyond that, each folder the folders listed. */
const MAY_IMPORT: Record<string, string[]> = {
  'src/licensing': [],
  'src/config': [],
  'src/i18n': [],
  'src/migrations': [],
  'src/access': [],
  templates: ['src/config', 'src/i18n'],
  'src/mail': ['src/config', 'src/i18n', 'templates'],
  'src/db': ['src/config', 'src/migrations', 'src/mail'],
  'src/domain': ['src/access', 'src/config', 'src/db', 'src/i18n', 'src/licensing', 'src/mail', 'templates'],
  'src/news': ['src/config', 'src/domain', 'src/i18n', 'src/mail', 'templates'],
  hooks: ['src/access', 'src/config', 'src/domain', 'src/i18n', 'src/licensing', 'src/mail', 'src/news', 'templates'],
  collections: ['hooks', 'src/access', 'src/config', 'src/db', 'src/domain', 'src/i18n', 'src/licensing', 'src/mail', 'src/news', 'templates'],
  'src/backup': ['collections', 'payload.config.ts', 'src/config', 'src/db', 'src/licensing', 'src/migrations'],
  'src/jobs': ['src/access', 'src/backup', 'src/config', 'src/domain', 'src/i18n', 'src/mail', 'src/news', 'templates'],
  'src/seed': ['src/config', 'src/domain', 'src/i18n', 'src/licensing', 'src/news'],
  'src/startup': ['src/config', 'src/db', 'src/domain', 'src/seed'],
  'payload.config.ts': ['collections', 'src/config', 'src/db', 'src/domain', 'src/i18n', 'src/jobs', 'src/mail', 'src/startup'],
  'src/admin': ['collections', 'src/access', 'src/config', 'src/domain', 'src/i18n'],
  'src/portal': ['collections', 'payload.config.ts', 'src/access', 'src/config', 'src/domain', 'src/i18n', 'src/licensing', 'src/news'],
  'src/app': ['payload.config.ts', 'src/access', 'src/admin', 'src/config', 'src/domain', 'src/i18n', 'src/mail', 'src/news', 'src/portal'],
  'src/server': ['collections', 'payload.config.ts', 'src/access', 'src/config', 'src/db', 'src/domain', 'src/jobs', 'src/mail', 'src/seed', 'src/startup'],
  'src/server.ts': ['src/config', 'src/server'],
  // Tools (start, migrate, seed, worker, benchmarks, soak, scale) may use anything.
  'src/scripts': ['*'],
}

/** The folder a repository path belongs to, as the table names it. */
function folderOf(rel: string): string {
  const parts = rel.split('/')
  if (parts[0] === 'src') return parts[1] === 'server.ts' ? 'src/server.ts' : `src/${parts[1]}`
  return parts.length === 1 ? rel : parts[0]
}

const ALIASES: [string, string][] = [
  ['@/', 'src/'],
  ['@collections/', 'collections/'],
  ['@hooks/', 'hooks/'],
  ['@templates/', 'templates/'],
]
const EXACT: Record<string, string> = { '@payload-config': 'payload.config.ts', '@payload-types': 'payload-types.ts', '@collections': 'collections', '@templates': 'templates' }

/** The repository path an import specifier points at, or null for a package. */
function target(fromRel: string, spec: string): string | null {
  if (spec.startsWith('.')) return path.posix.normalize(path.posix.join(path.posix.dirname(fromRel), spec))
  if (EXACT[spec]) return EXACT[spec]
  for (const [alias, dir] of ALIASES) if (spec.startsWith(alias)) return dir + spec.slice(alias.length)
  return null
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s(?:[^'";]*?\sfrom\s)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g

function productFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'src', 'collections', 'hooks', 'templates', 'payload.config.ts'], { cwd: ROOT, encoding: 'utf8' })
  return listed.split('\n').filter((f) => /\.(ts|tsx)$/.test(f) && fs.existsSync(path.join(ROOT, f)))
}

interface Edge {
  file: string
  spec: string
  from: string
  to: string
}

function edges(): Edge[] {
  const out: Edge[] = []
  for (const file of productFiles()) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8')
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2]
      const to = target(file, spec)
      if (to === null) continue
      out.push({ file, spec, from: folderOf(file), to: folderOf(to) })
    }
  }
  return out
}

const allowed = (e: Edge) => e.from === e.to || e.to === 'payload-types.ts' || (MAY_IMPORT[e.from] ?? []).some((f) => f === '*' || f === e.to)

describe('import rules', () => {
  const all = edges()

  test('the scan sees the product: hundreds of imports across the folders', () => {
    expect(all.length).toBeGreaterThan(300)
    expect(new Set(all.map((e) => e.from)).size).toBeGreaterThan(15)
  })

  test('every folder imports only what docs/architecture.md allows', () => {
    const unknown = [...new Set(all.map((e) => e.from).filter((f) => !(f in MAY_IMPORT)))]
    expect(unknown).toEqual([])
    const forbidden = all.filter((e) => !allowed(e)).map((e) => `${e.file}: ${e.from} may not import ${e.to} (${e.spec})`)
    expect(forbidden).toEqual([])
  })

  test('src/licensing and src/config import nothing else of the product', () => {
    const leaks = all.filter((e) => (e.from === 'src/licensing' || e.from === 'src/config') && e.to !== e.from).map((e) => `${e.file}: ${e.spec}`)
    expect(leaks).toEqual([])
  })

  test('imports across folders use the aliases, and none climbs three levels', () => {
    const relativeAcross = all.filter((e) => e.spec.startsWith('.') && e.from !== e.to).map((e) => `${e.file}: ${e.spec}`)
    expect(relativeAcross).toEqual([])
    const climbing = all.filter((e) => e.spec.startsWith('../../../')).map((e) => `${e.file}: ${e.spec}`)
    expect(climbing).toEqual([])
  })

  test('a forbidden arrow is caught (the rules are not vacuous)', () => {
    const fake: Edge = { file: 'src/licensing/x.ts', spec: '@/domain/errors', from: 'src/licensing', to: 'src/domain' }
    expect(allowed(fake)).toBe(false)
    expect(allowed({ ...fake, from: 'src/config', file: 'src/config/x.ts' })).toBe(false)
    expect(allowed({ ...fake, from: 'src/server', file: 'src/server/x.ts' })).toBe(true)
  })
})

describe('settings', () => {
  test('process.env is read only in src/config (and in the tools under src/scripts)', () => {
    const reads = productFiles()
      .filter((f) => !f.startsWith('src/config/') && !f.startsWith('src/scripts/'))
      .flatMap((f) =>
        fs
          .readFileSync(path.join(ROOT, f), 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${f}:${i + 1}` }))
          .filter(({ line }) => /process\.env(\.|\[)/.test(line) && !/process\.env(\.\w+|\[[^\]]+\])\s*=[^=]/.test(line)),
      )
      .map(({ at }) => at)
    expect(reads).toEqual([])
  })
})
