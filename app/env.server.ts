import { isIP } from 'node:net'
import { z } from 'zod'

// Which X-Forwarded-For entries to believe. Only addresses added by our own
// proxies can be trusted: the client writes whatever it likes to the left of
// them. So the setting names how many proxies stand in front of the app, or
// their addresses; "true" means one proxy. Express takes either form as its
// 'trust proxy' setting (proxy-addr), and req.ip is then the address the
// nearest untrusted hop connected from.
export type TrustProxy = false | number | string[]
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

function isProxyAddress(text: string): boolean {
  if (PROXY_NAMES.has(text) || isIP(text)) return true
  const [address = '', bits, ...rest] = text.split('/')
  if (rest.length || bits === undefined || !/^\d{1,3}$/.test(bits)) return false
  const version = isIP(address)
  return version !== 0 && Number(bits) <= (version === 4 ? 32 : 128)
}

const trustProxy = z
  .string()
  .optional()
  .transform((value, ctx): TrustProxy => {
    const text = (value ?? '').trim().toLowerCase()
    if (text === '' || text === 'false' || text === '0') return false
    if (text === 'true') return 1
    if (/^\d+$/.test(text) && Number(text) <= 10) return Number(text)
    const parts = text.split(',').map((part) => part.trim())
    if (parts.every(isProxyAddress)) return parts
    ctx.addIssue({
      code: 'custom',
      message: 'must be false, the number of proxies in front of the app (1–10; true means 1), or a comma-separated list of proxy addresses or CIDR ranges (e.g. 10.0.0.2,172.16.0.0/12 or loopback)',
    })
    return z.NEVER
  })

const EnvSchema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('production'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^file:.+/, 'must be a SQLite URL such as file:./data/hoc-so.db')
    .default('file:./data/hoc-so.db'),
  SITE_URL: z.url({ protocol: /^https?$/ }).optional(),
  TRUST_PROXY: trustProxy,
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  // Where `npm run content:build` writes compiled lessons (outside build/,
  // which Vite empties); tests point it elsewhere.
  CONTENT_BUILD_DIR: z.string().min(1).default('content-build'),
  // Signs the cookie that holds a guest's progress. When unset, a random one
  // is generated on first use into app-secret beside the database file.
  APP_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  // Certificate signing keys, PKCS#8 PEM (literal \n allowed). When unset,
  // each is generated on first use into keys/ beside the database file.
  CERTIFICATE_ED25519_KEY: z.string().includes('PRIVATE KEY', { message: 'must be a PKCS#8 PEM private key' }).optional(),
  CERTIFICATE_RSA_KEY: z.string().includes('PRIVATE KEY', { message: 'must be a PKCS#8 PEM private key' }).optional(),
  // Certificate lookups per minute per client address on /verify (0 turns
  // the limit off, e.g. for a load test). Counted in the database, so one
  // count per address across every process and machine.
  CERTIFICATE_VERIFY_PER_MINUTE: z.coerce.number().int().min(0).default(30),
})

export type Env = z.infer<typeof EnvSchema>

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings come from `FOO=` lines in .env files: treat them as unset.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''))
  const result = EnvSchema.safeParse(cleaned)
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`)
    throw new Error(`Invalid environment variables:\n${lines.join('\n')}`)
  }
  return result.data
}

let cached: Env | undefined

export function getEnv(): Env {
  cached ??= parseEnv(process.env)
  return cached
}

export function siteUrl(env: Env = getEnv()): string {
  return (env.SITE_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '')
}

// Printed class slips, posters and certificate QR codes carry siteUrl(); in
// production without SITE_URL they would send people to localhost, which
// works on no phone but the server's own. Said loudly at start, since
// nothing else fails. Null when there is nothing to say.
export function siteUrlWarning(env: Env): string | null {
  if (env.NODE_ENV !== 'production' || env.SITE_URL) return null
  const site = siteUrl(env)
  return [
    `⚠ SITE_URL chưa đặt: phiếu đăng nhập, áp phích và mã QR in ra sẽ mang địa chỉ ${site}, điện thoại của người học không mở được.`,
    `  SITE_URL is not set: printed slips, posters and QR codes will carry ${site}, which no learner's phone can open.`,
    '  Set it to the public address in .env or the environment, e.g. SITE_URL=https://hocso.example.vn, then restart.',
  ].join('\n')
}
