import { expect, test } from 'vitest'
import { hashPassword, verifyPassword } from '~/auth/password.server'
import { prisma } from '~/db.server'
import { screenFields } from '~/lib/form-data.server'
import { queryParam, toNFCDeep } from '~/lib/text'
import { loader as usersLoader } from '~/routes/manage/users'
import { action as signupAction } from '~/routes/signup'
import { formRequest, getRequest, run } from '../support/http'
import { person } from '../support/people'

// Some phone keyboards send "ễ" as e + U+0302 + U+0303 (NFD). Stored as typed,
// the name has more code points and an NFC search never finds it.
const NFC_NAME = 'Nguyễn Thị Ánh'
const NFD_NAME = NFC_NAME.normalize('NFD')

let counter = 0
function uniquePhone() {
  counter += 1
  return `09${String(Date.now() % 1e6).padStart(6, '0')}${String(40 + (counter % 50)).padStart(2, '0')}`
}

async function signUp(name: string) {
  const login = uniquePhone()
  const outcome = await run(signupAction, formRequest('/dang-ky', { name, login, password: 'Bà đi chợ sáng thứ bảy', kind: 'RESIDENT', consent: 'on' }))
  expect(outcome.status).toBe(302)
  return prisma.user.findUniqueOrThrow({ where: { phone: `+84${login.slice(1)}` } })
}

async function search(q: string, cookie: string) {
  const list = await run(usersLoader, getRequest(`/quan-ly/nguoi-dung?${new URLSearchParams({ q })}`, cookie))
  return (list.body as { rows: { id: string }[] }).rows.map((row) => row.id)
}

test('the fixture really differs: NFD has more code points than NFC', () => {
  expect([...NFC_NAME]).toHaveLength(14)
  expect([...NFD_NAME].length).toBeGreaterThan(14)
})

test('a name typed with combining accents is stored in NFC and found by an NFC search, and the other way round', async () => {
  const admin = await person('ADMIN')
  const typedNfd = await signUp(NFD_NAME)
  expect(typedNfd.name).toBe(NFC_NAME)
  expect([...typedNfd.name]).toHaveLength(14)
  expect(await search('Thị Ánh', admin.cookie)).toContain(typedNfd.id)

  const typedNfc = await signUp(NFC_NAME)
  expect(typedNfc.name).toBe(NFC_NAME)
  expect(await search('Thị Ánh'.normalize('NFD'), admin.cookie)).toContain(typedNfc.id)
})

test('the form reader, JSON bodies and search parameters all hand NFC to the code behind them', () => {
  const screened = screenFields([['name', NFD_NAME], ['note', 'Hà Nội'.normalize('NFD')]])!
  expect(screened.data.get('name')).toBe(NFC_NAME)
  expect(screened.data.get('note')).toBe('Hà Nội')
  expect(toNFCDeep({ events: [{ result: { response: NFD_NAME } }], n: 1 })).toEqual({ events: [{ result: { response: NFC_NAME } }], n: 1 })
  expect(queryParam(`http://localhost/tim-kiem?${new URLSearchParams({ q: `  ${NFD_NAME} ` })}`, 'q')).toBe(NFC_NAME)
})

test('a password hashed as an NFD keyboard typed it still opens the account now that forms send NFC', async () => {
  const typed = 'Bà đi chợ sáng thứ bảy'
  const oldHash = await hashPassword(typed.normalize('NFD'))
  expect(await verifyPassword(oldHash, typed.normalize('NFC'))).toBe(true)
  expect(await verifyPassword(await hashPassword(typed), typed)).toBe(true)
  expect(await verifyPassword(oldHash, 'Bà đi chợ sáng chủ nhật')).toBe(false)
})
