/**
 * `npm run lint` step: payload-types.ts must be what `payload generate:types` writes for the current
 * config. Generates into a temporary file (PAYLOAD_TS_OUTPUT_PATH) and compares.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const committed = path.resolve('payload-types.ts')
const fresh = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pumotix-types-')), 'payload-types.ts')
const result = spawnSync(process.execPath, [path.resolve('node_modules/payload/bin.js'), 'generate:types'], {
  env: { ...process.env, PAYLOAD_TS_OUTPUT_PATH: fresh, NODE_OPTIONS: '--no-deprecation --conditions=production' },
  encoding: 'utf8',
})
if (result.status !== 0 || !fs.existsSync(fresh)) {
  console.error(result.stdout, result.stderr)
  console.error('payload generate:types failed; see above.')
  process.exit(1)
}
const same = fs.existsSync(committed) && fs.readFileSync(committed, 'utf8') === fs.readFileSync(fresh, 'utf8')
fs.rmSync(path.dirname(fresh), { recursive: true, force: true })
if (!same) {
  console.error('payload-types.ts is out of date with the collections: run `npm run generate:types` and commit the result.')
  process.exit(1)
}
console.log('payload-types.ts is up to date')
