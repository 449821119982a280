import { type LoaderFunctionArgs } from '@remix-run/node'
import { STATEMENTS_READ, authenticateApiRequest } from '~/auth/api-tokens.server'
import { siteUrl } from '~/env.server'
import { parseStatementQuery, preferredLanguage, versionProblem } from '~/progress/xapi-query'
import { consistentThrough, findStatement, queryStatements, xapiResponse } from '~/progress/xapi.server'

// GET /api/xapi/statements — the xAPI 1.0.3 Statement Resource, read-only,
// for a Learning Record Store pulling our learning records with an API token
// made at /quan-ly/api. Parameters and paging: docs/xapi.md.

const REALM = 'realm="Hoc So xAPI"'

const AUTH_REASONS = {
  missing: 'Cần mã truy cập: gửi "Authorization: Bearer <mã>" hoặc HTTP Basic với mã làm mật khẩu.',
  invalid: 'Mã truy cập không đúng.',
  revoked: 'Mã truy cập này đã bị thu hồi.',
  scope: 'Mã truy cập này không được đọc nhật ký học tập.',
} as const

export async function loader({ request }: LoaderFunctionArgs) {
  const headers = { 'X-Experience-API-Consistent-Through': consistentThrough() }
  const problem = (status: number, error: string, reason: string, extra: Record<string, string> = {}) =>
    xapiResponse({ error, reason }, { status, headers: { ...headers, ...extra } })

  const auth = await authenticateApiRequest(request, STATEMENTS_READ)
  if (!auth.ok) {
    if (auth.error === 'scope') return problem(403, 'forbidden', AUTH_REASONS.scope)
    const bearer = auth.error === 'missing' ? `Bearer ${REALM}` : `Bearer ${REALM}, error="invalid_token"`
    return problem(401, auth.error === 'missing' ? 'unauthorized' : 'invalid_token', AUTH_REASONS[auth.error], {
      'WWW-Authenticate': `${bearer}, Basic ${REALM}, charset="UTF-8"`,
    })
  }
  const version = versionProblem(request.headers.get('X-Experience-API-Version'))
  if (version) return problem(400, 'bad_request', version)
  const parsed = parseStatementQuery(new URL(request.url).searchParams, siteUrl())
  if (!parsed.ok) return problem(400, 'bad_request', parsed.reason)

  const query = parsed.query
  const language = preferredLanguage(request.headers.get('Accept-Language'))
  if (query.kind === 'list') {
    return xapiResponse(await queryStatements(query, { siteUrl: siteUrl(), language }), { headers })
  }
  // Nothing here is ever voided, so a voided statement is never found.
  const statement = query.kind === 'single' ? await findStatement(query.statementId, { siteUrl: siteUrl(), format: query.format, language }) : null
  if (!statement) return problem(404, 'not_found', 'Không có câu lệnh (statement) với id này.')
  return xapiResponse(statement, { headers: { ...headers, 'Last-Modified': new Date(statement.stored).toUTCString() } })
}

export async function action() {
  return xapiResponse({ error: 'method_not_allowed', reason: 'Chỉ đọc: dùng GET.' }, { status: 405, headers: { Allow: 'GET, HEAD' } })
}
