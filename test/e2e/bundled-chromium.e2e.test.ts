/**
 * The Chromium that comes with `npm install` (@sparticuz/chromium, src/scripts/find-chromium.ts), used
 * where the machine has none: unpacked into a fresh cache folder (twice at once, as two test workers
 * may), launched under playwright-core with the flags every browser test uses, and rendering Russian
 * text with real glyphs. Needs no Next.js build. Run with the system Chromium and fonts hidden
 * (docs/testing.md) it proves the bare-machine path.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from '@jest/globals'
import { chromium, type Browser } from 'playwright-core'

import { bundledChromium, CHROMIUM_FLAGS, type FoundChromium } from '@/scripts/find-chromium'

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-bundled-chromium-'))
let browser: Browser | undefined
afterAll(async () => {
  await browser?.close()
  fs.rmSync(cacheDir, { recursive: true, force: true })
})

const onLinuxX64 = process.platform === 'linux' && process.arch === 'x64'
let found: FoundChromium | null = null

test('two unpacks at once leave one complete copy and no staging folders (Linux x64; elsewhere there is none)', async () => {
  const [a, b] = await Promise.all([bundledChromium({ cacheDir }), bundledChromium({ cacheDir })])
  if (!onLinuxX64) {
    // The npm package holds a Linux x64 build only: elsewhere the finder reports none.
    expect([a, b]).toEqual([null, null])
    return
  }
  expect(a).toEqual(b)
  found = a
  const { version } = JSON.parse(fs.readFileSync(path.join('node_modules', '@sparticuz', 'chromium', 'package.json'), 'utf8')) as { version: string }
  expect(fs.readdirSync(cacheDir)).toEqual([`chromium-${version}`])
  expect(found?.executablePath).toBe(path.join(cacheDir, `chromium-${version}`, 'chromium'))
  expect(fs.statSync(found!.executablePath).mode & 0o100).toBe(0o100)
  // The fonts it brings are named in its own fontconfig file, which points into the unpacked folder.
  expect(fs.readFileSync(path.join(found!.env.FONTCONFIG_PATH, 'fonts.conf'), 'utf8')).toContain(`<dir>${path.join(cacheDir, `chromium-${version}`, 'fonts', 'fonts')}</dir>`)
  // Found again without unpacking.
  const started = Date.now()
  await expect(bundledChromium({ cacheDir })).resolves.toEqual(found)
  expect(Date.now() - started).toBeLessThan(1000)
})

test('it launches under playwright-core and renders Cyrillic with real glyphs', async () => {
  if (!onLinuxX64) {
    expect(found).toBeNull()
    return
  }
  expect(found).not.toBeNull()
  browser = await chromium.launch({ executablePath: found!.executablePath, headless: true, args: CHROMIUM_FLAGS, env: { ...process.env, ...found!.env } })
  const page = await browser.newPage()
  await page.setContent(`<!doctype html><html lang="ru"><meta charset="utf-8"><body style="font: 48px sans-serif">
    <span id="a">ЖЖЖ</span><br><span id="b">ООО</span><br><span id="c">Контроллеры</span></body></html>`)
  expect(await page.textContent('#c')).toBe('Контроллеры')
  // With no font for a letter nothing is drawn (zero width) or the same box for every letter: widths
  // above zero that differ (Ж is wider than О in every font that has both) and different pixels mean glyphs.
  const width = (id: string) => page.locator(id).evaluate((el) => el.getBoundingClientRect().width)
  const [wideA, wideB] = [await width('#a'), await width('#b')]
  expect(wideA).toBeGreaterThan(0)
  expect(wideA).not.toBe(wideB)
  const shotA = await page.locator('#a').screenshot()
  const shotB = await page.locator('#b').screenshot()
  expect(shotA.equals(shotB)).toBe(false)
})
