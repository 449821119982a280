import { redirect } from '@remix-run/node'
import { type User } from '#generated/prisma/client'
import { safeRedirectPath } from '~/lib/safe-redirect'
import { type Permission, hasPermission } from './permissions'
import {
  blankSessionCookie,
  readSessionToken,
  sessionCookie,
  validateSessionToken,
  validateSessionUserId,
} from './session.server'

export const LOGIN_PATH = '/dang-nhap'
export const CHANGE_PASSWORD_PATH = '/tai-khoan/mat-khau'

export type Auth = { user: User; sessionId: string; expiresAt: Date; renewed: boolean }

export function isSecureRequest(request: Request): boolean {
  return new URL(request.url).protocol === 'https:'
}

// Cached per Request object: the root loader and a route loader of the same
// request share one database round trip.
const authCache = new WeakMap<Request, Promise<Auth | null>>()

export function getAuth(request: Request): Promise<Auth | null> {
  let pending = authCache.get(request)
  if (!pending) {
    pending = (async () => {
      const token = readSessionToken(request)
      if (!token) return null
      const result = await validateSessionToken(token)
      if (!result || result.user.deletedAt) return null
      return { user: result.user, sessionId: result.session.id, expiresAt: result.session.expiresAt, renewed: result.renewed }
    })()
    authCache.set(request, pending)
  }
  return pending
}

// The Set-Cookie header the root loader sends when the session slid forward
// (the cookie's own expiry must follow the database's).
export async function sessionRefreshCookie(request: Request): Promise<string | null> {
  const token = readSessionToken(request)
  const auth = await getAuth(request)
  if (token && auth?.renewed) return sessionCookie(token, auth.expiresAt, { secure: isSecureRequest(request) })
  if (token && !auth) return blankSessionCookie({ secure: isSecureRequest(request) })
  return null
}

// After sign-up or login: set the new session cookie and go where the
// learner was heading (only same-site paths).
export function redirectWithSession(request: Request, token: string, expiresAt: Date, to: string, extraCookies: string[] = []) {
  const headers = new Headers({ 'Set-Cookie': sessionCookie(token, expiresAt, { secure: isSecureRequest(request) }) })
  for (const cookie of extraCookies) headers.append('Set-Cookie', cookie)
  return redirect(to, { headers })
}

export async function getUser(request: Request): Promise<User | null> {
  return (await getAuth(request))?.user ?? null
}

// The signed-in user's id without loading the account: for busy endpoints
// that need only to know who is asking.
export async function getUserId(request: Request): Promise<string | null> {
  const token = readSessionToken(request)
  return token ? validateSessionUserId(token) : null
}

// The way back goes through the same rule as the login form will apply, so
// the login page is never handed a path it would refuse (routes pass paths
// built from decoded params, e.g. "/vao-lop/<code>").
function loginRedirect(request: Request, redirectTo?: string) {
  const url = new URL(request.url)
  const target = safeRedirectPath(redirectTo ?? `${url.pathname}${url.search}`, '')
  if (!target) return redirect(LOGIN_PATH)
  return redirect(`${LOGIN_PATH}?${new URLSearchParams({ redirectTo: target })}`)
}

export async function requireUser(request: Request, { redirectTo }: { redirectTo?: string } = {}): Promise<User> {
  const user = await getUser(request)
  if (!user) throw loginRedirect(request, redirectTo)
  // An account made by a trainer starts with a temporary password that must be replaced first.
  if (user.mustChangePassword && new URL(request.url).pathname !== CHANGE_PASSWORD_PATH) {
    throw redirect(CHANGE_PASSWORD_PATH)
  }
  return user
}

export async function requireAnonymous(request: Request): Promise<void> {
  if (await getUser(request)) throw redirect('/tai-khoan')
}

export async function requirePermission(request: Request, permission: Permission): Promise<User> {
  const user = await requireUser(request)
  if (!hasPermission(user.role, permission)) throw new Response('Forbidden', { status: 403 })
  return user
}

export async function requireSession(request: Request): Promise<Auth> {
  await requireUser(request)
  return (await getAuth(request))!
}
