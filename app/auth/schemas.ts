import { z } from 'zod'
import { parseLoginIdentifier } from '~/lib/login-identifier'

// Schemas are shared by the browser (Conform) and the server. Messages are
// message-catalog keys; forms translate them when they render.
export const NameSchema = z
  .string({ error: 'validation.required' })
  .trim()
  .min(1, 'validation.required')
  .max(100, 'validation.nameTooLong')

export const LoginSchema = z
  .string({ error: 'validation.required' })
  .trim()
  .min(1, 'validation.required')
  .max(254, 'validation.loginInvalid')
  .refine((value) => parseLoginIdentifier(value) !== null, 'validation.loginInvalid')

export const PASSWORD_MIN_LENGTH = 8
export const ADMIN_PASSWORD_MIN_LENGTH = 12
// argon2 accepts any length, but a bounded input keeps hashing time bounded.
export const PASSWORD_MAX_LENGTH = 128

export const SetupAdminSchema = z.object({
  name: NameSchema,
  login: LoginSchema,
  password: z
    .string({ error: 'validation.required' })
    .min(ADMIN_PASSWORD_MIN_LENGTH, 'validation.passwordTooShortAdmin')
    .max(PASSWORD_MAX_LENGTH, 'validation.passwordTooLong'),
})
