import { prisma } from '~/db.server'
import { action } from '~/routes/signup'
import { formRequest, run, sessionCookieFrom } from './http'

let counter = 0

// A fresh resident account, signed in through the real sign-up action.
export async function signupAction() {
  counter += 1
  const login = `09${String(Date.now() % 1e6).padStart(6, '0')}${String(counter % 100).padStart(2, '0')}`
  const outcome = await run(
    action,
    formRequest('/dang-ky', { name: 'Phạm Văn Tư', login, password: 'Bà đi chợ sáng thứ bảy', kind: 'RESIDENT', consent: 'on' }),
  )
  const user = await prisma.user.findFirstOrThrow({ where: { phone: `+84${login.slice(1)}` } })
  return { cookie: sessionCookieFrom(outcome), userId: user.id }
}
