/**
 * Builds the Next.js app unless .next holds a build of exactly the current sources: a fingerprint of
 * every file the build reads is kept beside the build and compared on each start. Processes that need
 * the same build at once (two starts, parallel browser tests) take turns: one builds, the others find
 * it current.
 */
import { spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import { withDirectoryLock } from './directory-lock'

const root = process.cwd()
const inputs = ['src', 'collections', 'hooks', 'templates']
const files = ['payload.config.ts', 'payload-types.ts', 'next.config.mjs', 'package-lock.json', 'package.json', 'tsconfig.json']
const distDir = () => path.join(root, process.env.NEXT_DIST_DIR || '.next')
const stampFile = () => path.join(distDir(), 'pumotix-build-fingerprint')

function walk(dir: string, out: string[]): void {
  if (!fs.existsSync(dir)) return
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    if (entry.isDirectory()) walk(p, out)
    else out.push(p)
  }
}

export function sourceFingerprint(): string {
  const list: string[] = []
  for (const d of inputs) walk(path.join(root, d), list)
  for (const f of files) if (fs.existsSync(path.join(root, f))) list.push(path.join(root, f))
  const hash = crypto.createHash('sha256')
  for (const f of list.sort()) {
    hash.update(path.relative(root, f)).update('\0').update(fs.readFileSync(f)).update('\0')
  }
  return hash.digest('hex')
}

export function buildIsCurrent(): boolean {
  return fs.existsSync(path.join(distDir(), 'BUILD_ID')) && fs.existsSync(stampFile()) && fs.readFileSync(stampFile(), 'utf8') === sourceFingerprint()
}

export function buildIfNeeded(env: NodeJS.ProcessEnv = process.env): void {
  const onWait = (pid: number | null) => console.info(`[pumotix] waiting for the Next.js build another process (${pid ?? 'starting'}) is making in ${path.relative(root, distDir())}…`)
  // Checked before the lock as well, so a start whose build is current writes nothing.
  const built = !buildIsCurrent() && withDirectoryLock(`${distDir()}-build-lock`, () => buildUnlessCurrent(env), { onWait })
  if (!built) console.info('[pumotix] the Next.js build is up to date')
}

/** Builds unless another process finished the build while this one waited for the lock; whether it built. */
function buildUnlessCurrent(env: NodeJS.ProcessEnv): boolean {
  if (buildIsCurrent()) return false
  console.info('[pumotix] building the Next.js app (about a minute on a 2-core machine)…')
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    stdio: 'inherit',
    env: { ...env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  })
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal})`)
  // Taken after the build: `next build` may add its own entries to tsconfig.json.
  fs.writeFileSync(stampFile(), sourceFingerprint())
  return true
}
