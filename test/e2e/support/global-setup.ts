/**
 * Jest global set-up of the browser tests (the "browser" project in jest.config.js; jest runs it only
 * when a browser test is among the selected files): finds the Chromium before anything else, so a
 * machine without one stops at once with one line saying what to install instead of every browser
 * test failing after the Next.js build; and unpacks the bundled Chromium once, before the workers start.
 */
// Jest loads a global set-up outside its module registry, where the path aliases are not mapped.
import { findChromium } from '../../../src/scripts/find-chromium'

export default async function globalSetup(): Promise<void> {
  const found = await findChromium()
  console.info(`\n[e2e] Chromium (${found.source}): ${found.executablePath}`)
}
