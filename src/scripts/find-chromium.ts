/**
 * The one place that finds the Chromium the browser tests (test/e2e) and `npm run lighthouse` drive,
 * in this order:
 *   1. CHROMIUM_PATH, when set — a setting that names no executable file is an error, never skipped;
 *   2. the system's Chromium: /usr/bin/chromium, then `chromium`, `chromium-browser`, `google-chrome`
 *      on PATH;
 *   3. the headless Chromium inside the dev dependency @sparticuz/chromium (Linux x64 only), which
 *      `npm install` brings along as brotli archives. It is unpacked once per package version into
 *      ~/.cache/pumotix/chromium-<version> (XDG_CACHE_HOME if set): the package itself would unpack
 *      into the shared /tmp/chromium, which any other version or user may already hold.
 * Nothing is downloaded. Lives in src/scripts because both the tools there and the tests may import it.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'

/** Flags every launch passes: headless in a container (no sandbox, no GPU) and quiet on the network. */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync']

export interface FoundChromium {
  executablePath: string
  /** Where it was found, for messages. */
  source: 'CHROMIUM_PATH' | 'system' | 'bundled'
  /** Environment the browser process needs on top of the caller's (the bundled one's font settings). */
  env: Record<string, string>
}

/** No Chromium anywhere: one line saying what to install; its stack is that line, so jest prints only it. */
export class NoChromiumError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'NoChromiumError'
    this.stack = `${this.name}: ${message}`
  }
}

/** Settings as in process.env (a plain record, so a test can pass only the ones it means). */
type Env = Record<string, string | undefined>

/** What findChromium looks at; the defaults are this process's. */
export interface FindOptions {
  /** CHROMIUM_PATH and PATH are read from here. */
  env?: Env
  /** The fixed system location tried before PATH. */
  systemPath?: string
  /** Where unpacked bundled browsers are kept. */
  cacheDir?: string
  /** The package to unpack (a test names a missing one to see the message). */
  bundledPackage?: string
}

const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome']
const BUNDLED_PACKAGE = '@sparticuz/chromium'
const execFileAsync = promisify(execFile)

/** A non-empty file this process may execute (an empty file bound over /usr/bin/chromium is none). */
function isExecutableFile(file: string): boolean {
  try {
    const st = fs.statSync(file)
    if (!st.isFile() || st.size === 0) return false
    fs.accessSync(file, fs.constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** /usr/bin/chromium, else the first of the usual names on PATH. */
export function systemChromium(env: Env = process.env, systemPath = '/usr/bin/chromium'): string | null {
  if (isExecutableFile(systemPath)) return systemPath
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean)
  for (const name of SYSTEM_NAMES) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name)
      if (isExecutableFile(candidate)) return candidate
    }
  }
  return null
}

function defaultCacheDir(env: Env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'pumotix')
}

/** The installed package's entry file and version, or null when it is not installed (npm install --omit=dev). */
function installedPackage(name: string): { entry: string; version: string } | null {
  // Resolved from the repository root: the scripts and the tests run from there.
  const require = createRequire(path.join(process.cwd(), 'package.json'))
  let entry: string
  try {
    entry = require.resolve(name)
  } catch {
    return null
  }
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json')
    if (!fs.existsSync(manifest)) continue
    const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string; version?: string }
    if (pkg.name === name && pkg.version) return { entry, version: pkg.version }
  }
  return null
}

/** Staging folders an interrupted unpack left behind (about 200 MB each); older than any unpack takes. */
function removeAbandonedUnpacking(dir: string): void {
  const prefix = `${path.basename(dir)}.unpacking-`
  for (const name of fs.readdirSync(path.dirname(dir))) {
    if (!name.startsWith(prefix)) continue
    const p = path.join(path.dirname(dir), name)
    const modified = fs.statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()
    if (Date.now() - modified > 10 * 60_000) fs.rmSync(p, { recursive: true, force: true })
  }
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/**
 * The package's own fonts.conf points at /tmp/fonts; this one points at the unpacked fonts (Open Sans,
 * with Cyrillic, so Russian pages render on a machine without any fonts) and includes the system's.
 */
function fontsConf(dir: string): string {
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    `  <dir>${xml(path.join(dir, 'fonts', 'fonts'))}</dir>`,
    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    `  <cachedir>${xml(path.join(dir, 'fonts-cache'))}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n')
}

/**
 * The Chromium of @sparticuz/chromium, unpacked if needed; null where the package is not installed or
 * has no build for this machine. Unpacked into a fresh folder beside the target and renamed into place,
 * so a browser folder is complete or absent; of two processes unpacking at once, the first rename wins.
 */
export async function bundledChromium(options: FindOptions = {}): Promise<FoundChromium | null> {
  const env = options.env ?? process.env
  if (process.platform !== 'linux' || process.arch !== 'x64') return null
  const name = options.bundledPackage ?? BUNDLED_PACKAGE
  const pkg = installedPackage(name)
  if (!pkg) return null
  const dir = path.join(options.cacheDir ?? defaultCacheDir(env), `chromium-${pkg.version}`)
  const executablePath = path.join(dir, 'chromium')
  const found: FoundChromium = { executablePath, source: 'bundled', env: { FONTCONFIG_PATH: path.join(dir, 'fonts') } }
  if (isExecutableFile(executablePath)) return found

  fs.mkdirSync(path.dirname(dir), { recursive: true })
  removeAbandonedUnpacking(dir)
  const staging = fs.mkdtempSync(`${dir}.unpacking-`)
  try {
    // The package unpacks into os.tmpdir(): a child process whose TMPDIR is the staging folder does
    // it there, and this process's environment stays as it is.
    const script = `const { default: c } = await import(${JSON.stringify(pathToFileURL(pkg.entry).href)}); await c.executablePath()`
    try {
      await execFileAsync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TMPDIR: staging, NODE_OPTIONS: '' } })
    } catch (err) {
      const detail = (err as { stderr?: string }).stderr?.trim().split('\n').at(-1) ?? (err as Error).message
      throw new NoChromiumError(`unpacking the bundled Chromium (${name} ${pkg.version}) into ${dir} failed: ${detail}`)
    }
    fs.writeFileSync(path.join(staging, 'fonts', 'fonts.conf'), fontsConf(dir))
    try {
      fs.renameSync(staging, dir)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw err
      // Another process put its complete copy there first: use that one.
      if (!isExecutableFile(executablePath)) throw new NoChromiumError(`${dir} holds no usable Chromium: remove that folder and run again`)
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true })
  }
  return found
}

/** The Chromium to launch (see the order above); NoChromiumError when there is none. */
export async function findChromium(options: FindOptions = {}): Promise<FoundChromium> {
  const env = options.env ?? process.env
  const explicit = env.CHROMIUM_PATH
  if (explicit) {
    if (!isExecutableFile(explicit)) throw new NoChromiumError(`CHROMIUM_PATH=${explicit} is not an executable file: point it at a Chromium or unset it`)
    return { executablePath: explicit, source: 'CHROMIUM_PATH', env: {} }
  }
  const system = systemChromium(env, options.systemPath)
  if (system) return { executablePath: system, source: 'system', env: {} }
  const bundled = await bundledChromium(options)
  if (bundled) return bundled
  throw new NoChromiumError(
    `no Chromium for the browser tests: run \`npm install\` (it brings ${BUNDLED_PACKAGE}, Linux x64), install one (Debian: \`apt-get install chromium\`) or set CHROMIUM_PATH to a Chromium executable`,
  )
}
