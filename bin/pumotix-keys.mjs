#!/usr/bin/env node
// pumotix-keys: the root key holder's offline tool (root keys, certificates for signing keys,
// revocation lists). Runs the TypeScript source through tsx.
import { register } from 'tsx/esm/api'

register()
const { runKeysCli } = await import(new URL('../src/licensing/keys-cli.ts', import.meta.url).href)
process.exitCode = await runKeysCli(process.argv.slice(2))
