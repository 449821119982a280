import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { getEnv } from '~/env.server'
import { type PublicKeyEntry, type SigningKeys, type VerificationKeys, algorithmOf, keyId, publicEntry } from './keys'

// Certificate keys: from CERTIFICATE_ED25519_KEY / CERTIFICATE_RSA_KEY
// (PKCS#8 PEM) when set, otherwise generated once into keys/ beside the
// database file, like app-secret, so `npm start` needs no configuration and
// no private key ever sits in the repository. Public keys of retired key
// pairs stay in keys/retired/*.pem: still published and accepted, so
// certificates signed before a rotation keep verifying. See docs/certificates.md.
export function keysDirectory(): string {
  const env = getEnv()
  return path.join(path.dirname(path.resolve(env.DATABASE_URL.replace(/^file:/, ''))), 'keys')
}

function generatePem(kind: 'ed25519' | 'rsa'): string {
  const pair =
    kind === 'ed25519'
      ? generateKeyPairSync('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
      : generateKeyPairSync('rsa', {
          modulusLength: 2048,
          privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
          publicKeyEncoding: { type: 'spki', format: 'pem' },
        })
  return pair.privateKey
}

function readOrCreate(dir: string, kind: 'ed25519' | 'rsa'): string {
  const file = path.join(dir, `${kind}.pem`)
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    try {
      // 'wx': two processes starting at once must not overwrite each other's key.
      writeFileSync(file, generatePem(kind), { flag: 'wx', mode: 0o600 })
      chmodSync(file, 0o600)
    } catch {
      // Another process won the race; use its key.
    }
  }
  return readFileSync(file, 'utf8')
}

function privateKey(pem: string, expected: 'EdDSA' | 'RS256', source: string): KeyObject {
  // Environment files often hold a PEM on one line with literal \n.
  const key = createPrivateKey(pem.replace(/\\n/g, '\n'))
  if (algorithmOf(createPublicKey(key)) !== expected) {
    throw new Error(`${source} must be ${expected === 'EdDSA' ? 'an Ed25519' : 'an RSA (2048 bits or more)'} private key in PKCS#8 PEM`)
  }
  return key
}

type Loaded = { signing: SigningKeys; verification: VerificationKeys }
let cached: { dir: string; loaded: Loaded } | undefined

function load(): Loaded {
  const env = getEnv()
  const dir = keysDirectory()
  if (cached?.dir === dir) return cached.loaded
  const ed = env.CERTIFICATE_ED25519_KEY
    ? privateKey(env.CERTIFICATE_ED25519_KEY, 'EdDSA', 'CERTIFICATE_ED25519_KEY')
    : privateKey(readOrCreate(dir, 'ed25519'), 'EdDSA', path.join(dir, 'ed25519.pem'))
  const rsa = env.CERTIFICATE_RSA_KEY
    ? privateKey(env.CERTIFICATE_RSA_KEY, 'RS256', 'CERTIFICATE_RSA_KEY')
    : privateKey(readOrCreate(dir, 'rsa'), 'RS256', path.join(dir, 'rsa.pem'))
  const signing: SigningKeys = {
    ed25519: { kid: keyId(createPublicKey(ed)), privateKey: ed },
    rsa: { kid: keyId(createPublicKey(rsa)), privateKey: rsa },
  }
  const current = [publicEntry(ed, true)!, publicEntry(rsa, true)!]
  const loaded = { signing, verification: { keys: [...current, ...readRetired(dir, new Set(current.map((key) => key.kid)))] } }
  cached = { dir, loaded }
  return loaded
}

// Public (SPKI) or private PEM files; only their public part is used.
function readRetired(dir: string, seen: Set<string>): PublicKeyEntry[] {
  const retiredDir = path.join(dir, 'retired')
  if (!existsSync(retiredDir)) return []
  const out: PublicKeyEntry[] = []
  for (const name of readdirSync(retiredDir).filter((file) => file.endsWith('.pem')).sort()) {
    const entry = publicEntry(createPublicKey(readFileSync(path.join(retiredDir, name), 'utf8')), false)
    if (!entry) throw new Error(`${path.join(retiredDir, name)} is not an Ed25519 or RSA-2048 key`)
    if (seen.has(entry.kid)) continue
    seen.add(entry.kid)
    out.push(entry)
  }
  return out
}

export function signingKeys(): SigningKeys {
  return load().signing
}

export function verificationKeys(): VerificationKeys {
  return load().verification
}

// What this installation would accept, without creating anything: for the
// offline CLI, which must never generate a key pair as a side effect.
export function existingVerificationKeys(dir = keysDirectory()): VerificationKeys {
  const env = getEnv()
  const keys: PublicKeyEntry[] = []
  const add = (key: KeyObject | null) => {
    const entry = key ? publicEntry(key, true) : null
    if (entry && !keys.some((known) => known.kid === entry.kid)) keys.push(entry)
  }
  const fromFile = (name: string) => (existsSync(path.join(dir, name)) ? createPrivateKey(readFileSync(path.join(dir, name), 'utf8')) : null)
  add(env.CERTIFICATE_ED25519_KEY ? createPrivateKey(env.CERTIFICATE_ED25519_KEY.replace(/\\n/g, '\n')) : fromFile('ed25519.pem'))
  add(env.CERTIFICATE_RSA_KEY ? createPrivateKey(env.CERTIFICATE_RSA_KEY.replace(/\\n/g, '\n')) : fromFile('rsa.pem'))
  return { keys: [...keys, ...readRetired(dir, new Set(keys.map((key) => key.kid)))] }
}

// For tests and for the CLI after it changed the environment.
export function forgetKeys() {
  cached = undefined
}
