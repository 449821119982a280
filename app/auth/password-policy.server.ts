import { readFileSync } from 'node:fs'
import path from 'node:path'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './schemas'

let common: Set<string> | undefined

// The list ships in the repo (app/auth/common-passwords.txt) and is read once;
// it stays on the server so the browser never downloads 76 KB for it.
function commonPasswords(): Set<string> {
  if (!common) {
    const file = path.resolve(process.cwd(), 'app', 'auth', 'common-passwords.txt')
    common = new Set(
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#')),
    )
  }
  return common
}

export type PasswordProblem = 'validation.passwordTooShort' | 'validation.passwordTooLong' | 'validation.passwordCommon' | 'validation.passwordIsLogin'

// `login` is the normalised identifier: +84… for phones, lower-case email.
function loginVariants(login: string): Set<string> {
  const variants = new Set([login.toLowerCase()])
  if (login.startsWith('+84')) {
    const national = login.slice(3)
    for (const form of [national, `0${national}`, `84${national}`]) variants.add(form)
  }
  const localPart = login.includes('@') ? login.split('@')[0] : undefined
  if (localPart) variants.add(localPart)
  return variants
}

export function passwordProblem(password: string, login?: string): PasswordProblem | null {
  if (password.length < PASSWORD_MIN_LENGTH) return 'validation.passwordTooShort'
  if (password.length > PASSWORD_MAX_LENGTH) return 'validation.passwordTooLong'
  const lowered = password.toLowerCase()
  if (commonPasswords().has(lowered)) return 'validation.passwordCommon'
  if (login && loginVariants(login).has(lowered.replace(/\s/g, ''))) return 'validation.passwordIsLogin'
  return null
}
