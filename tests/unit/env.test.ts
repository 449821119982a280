import { expect, test } from 'vitest'
import { parseEnv, siteUrl, siteUrlWarning } from '~/env.server'

test('an empty environment gives a working configuration', () => {
  const env = parseEnv({})
  expect(env).toMatchObject({ NODE_ENV: 'production', PORT: 3000, DATABASE_URL: 'file:./data/hoc-so.db' })
  expect(siteUrl(env)).toBe('http://localhost:3000')
})

test('every bad variable is listed in one readable error', () => {
  expect(() => parseEnv({ PORT: 'abc', DATABASE_URL: 'postgres://x', NODE_ENV: 'staging' })).toThrowError(
    /PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/,
  )
  try {
    parseEnv({ PORT: 'abc', NODE_ENV: 'staging' })
  } catch (error) {
    const message = (error as Error).message
    expect(message).toContain('Invalid environment variables')
    expect(message).toContain('PORT')
    expect(message).toContain('NODE_ENV')
  }
})

test('SITE_URL without a trailing slash is the public origin', () => {
  expect(siteUrl(parseEnv({ SITE_URL: 'https://hocso.example.vn/' }))).toBe('https://hocso.example.vn')
})

test('production without SITE_URL warns that printed slips, posters and QR codes will carry localhost, and says how to set it', () => {
  const warning = siteUrlWarning(parseEnv({ NODE_ENV: 'production', PORT: '8080' }))
  expect(warning).toContain('http://localhost:8080')
  expect(warning).toContain('phiếu đăng nhập, áp phích và mã QR')
  expect(warning).toContain('printed slips, posters and QR codes')
  expect(warning).toMatch(/SITE_URL=https:\/\//)
  // Nothing to say once it is set, or outside production.
  expect(siteUrlWarning(parseEnv({ NODE_ENV: 'production', SITE_URL: 'https://hocso.example.vn' }))).toBeNull()
  expect(siteUrlWarning(parseEnv({ NODE_ENV: 'development' }))).toBeNull()
  expect(siteUrlWarning(parseEnv({ NODE_ENV: 'test' }))).toBeNull()
})
