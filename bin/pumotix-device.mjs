#!/usr/bin/env node
// pumotix-device: controller-side licensing tool (request codes, license verification with
// node-forge). Runs the TypeScript source through tsx.
import { register } from 'tsx/esm/api'

register()
const { runCli } = await import(new URL('../src/licensing/cli.ts', import.meta.url).href)
process.exitCode = await runCli(process.argv.slice(2))
