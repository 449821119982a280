import { expect, test } from 'vitest'
import { contentSecurityPolicy, createNonce } from '../../server/security'

test('the production CSP allows scripts only with the nonce and forbids framing', () => {
  const csp = contentSecurityPolicy('abc', { dev: false, https: false })
  expect(csp).toContain("script-src 'self' 'nonce-abc'")
  expect(csp).toContain("frame-ancestors 'none'")
  expect(csp).toContain("object-src 'none'")
  expect(csp).not.toContain('unsafe-inline')
  expect(csp).not.toContain('unsafe-eval')
  expect(csp).not.toMatch(/https?:\/\//)
})

test('nonces are fresh for every response', () => {
  const nonces = new Set(Array.from({ length: 50 }, () => createNonce()))
  expect(nonces.size).toBe(50)
})
