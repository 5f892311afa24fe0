import { expect, test } from '@jest/globals'

import { allowedOrigins, ConfigError, databaseChoice, loopbackOrigins, serverURL } from '@/config/env'
import { addressLimit, loginAccountLockout } from '@/config/rate-limits'
import { addressLines } from '@/server/announce'

test('DATABASE_URI chooses the adapter; anything else is an error naming the variable', () => {
  expect(databaseChoice(undefined)).toMatchObject({ kind: 'sqlite' })
  expect(databaseChoice('').url).toMatch(/^file:.*pumotix\.db$/)
  expect(databaseChoice('file:./data/other.db')).toEqual({ kind: 'sqlite', url: 'file:./data/other.db' })
  expect(databaseChoice('mongodb://db:27017/pumotix')).toEqual({ kind: 'mongodb', url: 'mongodb://db:27017/pumotix' })
  expect(databaseChoice('mongodb+srv://u:p@cluster.example/pumotix').kind).toBe('mongodb')
  for (const bad of ['postgres://localhost/x', 'mysql://x', 'data/pumotix.db']) {
    expect(() => databaseChoice(bad)).toThrow(ConfigError)
    expect(() => databaseChoice(bad)).toThrow(/DATABASE_URI/)
  }
  // Credentials never appear in the message.
  expect(() => databaseChoice('redis://user:secret@host/0')).toThrow(/^(?!.*secret)/)
})

test('allowedOrigins: the loopback spellings of localhost:PORT on the local default, SERVER_URL alone when it is set', () => {
  const saved = { SERVER_URL: process.env.SERVER_URL, PORT: process.env.PORT }
  try {
    process.env.SERVER_URL = ''
    process.env.PORT = '3999'
    expect(allowedOrigins()).toEqual(['http://localhost:3999', 'http://127.0.0.1:3999', 'http://[::1]:3999'])
    expect(serverURL()).toBe('http://localhost:3999')
    process.env.SERVER_URL = 'https://account.example.com/some/path'
    expect(allowedOrigins()).toEqual(['https://account.example.com'])
    process.env.SERVER_URL = 'http://localhost:3999'
    expect(allowedOrigins()).toEqual(['http://localhost:3999'])
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
})

test('npm start says which address to open, and on the local default that the loopback spellings work too', () => {
  expect(addressLines('http://localhost:3000', loopbackOrigins(3000))).toEqual([
    '  PUMOTIX is running. Open http://localhost:3000 in your browser.',
    '  http://127.0.0.1:3000 and http://[::1]:3000 work too; other addresses of this machine are refused (set SERVER_URL to serve one).',
  ])
  expect(addressLines('https://account.example.com', ['https://account.example.com'])).toEqual([
    '  PUMOTIX is running. Open https://account.example.com in your browser.',
    '  It serves this address only (SERVER_URL); pages opened at another address are refused.',
  ])
})

test('rate limits: RATE_LIMIT_LOGIN counts failures per address, RATE_LIMIT_LOGIN_ACCOUNT the failures in a row that lock an account', () => {
  const saved = { RATE_LIMIT_LOGIN: process.env.RATE_LIMIT_LOGIN, RATE_LIMIT_LOGIN_ACCOUNT: process.env.RATE_LIMIT_LOGIN_ACCOUNT }
  try {
    delete process.env.RATE_LIMIT_LOGIN
    delete process.env.RATE_LIMIT_LOGIN_ACCOUNT
    expect(addressLimit('LOGIN')).toEqual({ limit: 20, windowMinutes: 5, failuresOnly: true })
    expect(addressLimit('CLAIM')).toEqual({ limit: 30, windowMinutes: 15, failuresOnly: false })
    expect(loginAccountLockout()).toEqual({ maxFailures: 5, lockMinutes: 15 })
    process.env.RATE_LIMIT_LOGIN = '50'
    process.env.RATE_LIMIT_LOGIN_ACCOUNT = '10'
    expect(addressLimit('LOGIN').limit).toBe(50)
    expect(loginAccountLockout().maxFailures).toBe(10)
    process.env.RATE_LIMIT_LOGIN_ACCOUNT = 'ten'
    expect(() => loginAccountLockout()).toThrow(/RATE_LIMIT_LOGIN_ACCOUNT must be a non-negative number; got "ten"/)
    for (const bad of ['0', '2.5']) {
      process.env.RATE_LIMIT_LOGIN_ACCOUNT = bad
      expect(() => loginAccountLockout()).toThrow(`RATE_LIMIT_LOGIN_ACCOUNT must be a whole number of failed logins, at least 1; got "${bad}".`)
    }
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
})
