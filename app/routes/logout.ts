import { type ActionFunctionArgs, redirect } from '@remix-run/node'
import { getAuth, isSecureRequest } from '~/auth/guards.server'
import { blankSessionCookie, invalidateSession } from '~/auth/session.server'

// POST only: a link or an image on another site cannot sign anyone out.
export async function action({ request }: ActionFunctionArgs) {
  const auth = await getAuth(request)
  if (auth) await invalidateSession(auth.sessionId)
  return redirect('/', { headers: { 'Set-Cookie': blankSessionCookie({ secure: isSecureRequest(request) }) } })
}

export async function loader() {
  return redirect('/')
}
