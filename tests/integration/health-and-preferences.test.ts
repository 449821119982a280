import { expect, test } from 'vitest'
import { loader as healthz } from '~/routes/healthz'
import { action as setPreferences } from '~/routes/preferences'

const context = { cspNonce: 'n', requestId: 'r', clientIp: '127.0.0.1' }

test('/healthz answers 200 when the database is reachable', async () => {
  const response = await healthz({ request: new Request('http://localhost/healthz'), params: {}, context })
  expect(response.status).toBe(200)
  expect(await response.json()).toMatchObject({ status: 'ok', database: 'ok' })
  expect(response.headers.get('Cache-Control')).toBe('no-store')
})

test('a preference button sets one value, keeps the others and goes back', async () => {
  const request = new Request('http://localhost/preferences', {
    method: 'POST',
    headers: { Cookie: 'hs_prefs=lang%3Den%26text%3Dnormal%26contrast%3Dhigh' },
    body: new URLSearchParams({ text: 'large', redirectTo: '/khoa-hoc' }),
  })
  const response = (await setPreferences({ request, params: {}, context })) as Response
  expect(response.status).toBe(302)
  expect(response.headers.get('Location')).toBe('/khoa-hoc')
  const cookie = decodeURIComponent(response.headers.get('Set-Cookie') ?? '')
  expect(cookie).toContain('lang=en&text=large&contrast=high')
})

test('the preferences form cannot redirect off-site', async () => {
  const request = new Request('http://localhost/preferences', {
    method: 'POST',
    body: new URLSearchParams({ lang: 'vi', redirectTo: '//evil.example/' }),
  })
  const response = (await setPreferences({ request, params: {}, context })) as Response
  expect(response.headers.get('Location')).toBe('/')
})
