import { expect, test } from '@jest/globals'

import { ConfigError, databaseChoice } from '@/config/env'

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
