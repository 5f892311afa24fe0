/**
 * The order in which the browser is found (src/scripts/find-chromium.ts): CHROMIUM_PATH, then the
 * system's Chromium (/usr/bin/chromium, then the usual names on PATH), then the bundled one; and the
 * one line a machine without any gets. Stand-in executables in a temporary folder play the browsers;
 * the bundled Chromium itself is unpacked and launched in test/e2e/bundled-chromium.e2e.test.ts.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, test } from '@jest/globals'

import { findChromium, NoChromiumError, systemChromium } from '@/scripts/find-chromium'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-find-chromium-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

/** A file at dir/<rel>: an executable script, or (mode 0o644 / empty) one that is not a browser. */
function file(rel: string, { mode = 0o755, content = '#!/bin/sh\nexit 0\n' } = {}): string {
  const p = path.join(dir, rel)
  fs.mkdirSync(path.dirname(p), { recursive: true })
  fs.writeFileSync(p, content)
  fs.chmodSync(p, mode)
  return p
}

const nowhere = path.join(dir, 'nowhere', 'chromium')
const noBundle = { bundledPackage: '@pumotix/no-such-chromium' }

describe('the system Chromium', () => {
  test('the fixed location comes first', () => {
    const fixed = file('fixed/chromium')
    const onPath = file('path-a/chromium')
    expect(systemChromium({ PATH: path.dirname(onPath) }, fixed)).toBe(fixed)
  })

  test('then chromium, chromium-browser and google-chrome on PATH, by name first, then by PATH order', () => {
    const a = path.join(dir, 'order-a')
    const b = path.join(dir, 'order-b')
    file('order-a/google-chrome')
    const browserInB = file('order-b/chromium-browser')
    const env = { PATH: [a, b].join(path.delimiter) }
    expect(systemChromium(env, nowhere)).toBe(browserInB)
    const chromiumInB = file('order-b/chromium')
    expect(systemChromium(env, nowhere)).toBe(chromiumInB)
    const chromiumInA = file('order-a/chromium')
    expect(systemChromium(env, nowhere)).toBe(chromiumInA)
  })

  test('an empty file (one bound over /usr/bin/chromium to hide it), a file without x and a folder are no browser', () => {
    const empty = file('hidden/chromium', { content: '' })
    file('hidden-path/chromium', { mode: 0o644 })
    fs.mkdirSync(path.join(dir, 'hidden-path', 'google-chrome'))
    expect(systemChromium({ PATH: path.join(dir, 'hidden-path') }, empty)).toBeNull()
    expect(systemChromium({}, empty)).toBeNull()
  })
})

describe('findChromium', () => {
  test('CHROMIUM_PATH wins over a system Chromium', async () => {
    const explicit = file('explicit/my-chrome')
    const system = file('system/chromium')
    await expect(findChromium({ env: { CHROMIUM_PATH: explicit }, systemPath: system })).resolves.toEqual({ executablePath: explicit, source: 'CHROMIUM_PATH', env: {} })
    await expect(findChromium({ env: {}, systemPath: system })).resolves.toEqual({ executablePath: system, source: 'system', env: {} })
  })

  test('a CHROMIUM_PATH that names no executable is an error, not a reason to look elsewhere', async () => {
    const system = file('system2/chromium')
    const notExecutable = file('explicit2/chrome', { mode: 0o644 })
    for (const bad of [notExecutable, path.join(dir, 'missing-chrome')]) {
      const found = findChromium({ env: { CHROMIUM_PATH: bad }, systemPath: system })
      await expect(found).rejects.toThrow(NoChromiumError)
      await expect(found).rejects.toThrow(`CHROMIUM_PATH=${bad} is not an executable file`)
    }
  })

  test('without CHROMIUM_PATH, a system Chromium or the bundled package: one line saying what to install', async () => {
    const err = await findChromium({ env: { PATH: path.join(dir, 'empty-path') }, systemPath: nowhere, ...noBundle }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NoChromiumError)
    const { message, stack } = err as NoChromiumError
    expect(message).toMatch(/npm install/)
    expect(message).toMatch(/apt-get install chromium/)
    expect(message).toMatch(/CHROMIUM_PATH/)
    expect(message).not.toMatch(/\n/)
    // jest prints the stack of a failed global set-up: it is the one line, without frames.
    expect(stack).toBe(`NoChromiumError: ${message}`)
  })
})
