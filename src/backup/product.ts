/** The product's name and version, from package.json, for the manifest. */
import fs from 'node:fs'
import path from 'node:path'

import { projectRoot } from '@/config/env'

export function productInfo(): { name: string; version: string } {
  const pkg: unknown = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'))
  const field = (name: string) => (typeof pkg === 'object' && pkg !== null && name in pkg ? String(Object.getOwnPropertyDescriptor(pkg, name)?.value) : 'unknown')
  return { name: field('name'), version: field('version') }
}
