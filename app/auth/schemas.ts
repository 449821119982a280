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

const PasswordField = z
  .string({ error: 'validation.required' })
  .min(PASSWORD_MIN_LENGTH, 'validation.passwordTooShort')
  .max(PASSWORD_MAX_LENGTH, 'validation.passwordTooLong')

export const OptionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'validation.tooLong')
    .optional()
    .transform((value) => (value ? value : undefined))

// A hidden field carrying where to go after the form; safeRedirectPath
// decides whether it is usable (the server's field cap is the same length).
const RedirectTo = z.string().max(2000, 'validation.invalid').optional()

export const KIND_VALUES = ['RESIDENT', 'CIVIL_SERVANT'] as const

// A civil servant's agency and position go on their certificate as evidence
// for their employer, so they are required for that kind of account.
const ProfileFields = {
  name: NameSchema,
  kind: z.enum(KIND_VALUES, { error: 'validation.kindRequired' }),
  agency: OptionalText(200),
  position: OptionalText(200),
  organizationId: OptionalText(64),
}

// Runs even when other fields failed (see ALWAYS), so a learner sees every
// problem at once; the value may then be partly unparsed, hence the checks.
function requireCivilServantDetails(value: unknown, ctx: z.RefinementCtx) {
  const fields = value as Record<string, unknown>
  if (fields.kind !== 'CIVIL_SERVANT') return
  const filled = (key: string) => typeof fields[key] === 'string' && (fields[key] as string).trim() !== ''
  if (!filled('agency')) ctx.addIssue({ code: 'custom', path: ['agency'], message: 'validation.agencyRequired' })
  if (!filled('position')) ctx.addIssue({ code: 'custom', path: ['position'], message: 'validation.positionRequired' })
}
const ALWAYS = { when: () => true }

// Bots fill every field; people never see this one.
export const HONEYPOT_FIELD = 'website'
const Honeypot = { [HONEYPOT_FIELD]: z.string().max(0, 'validation.bot').optional() }

export const SignupSchema = z
  .object({
    ...ProfileFields,
    login: LoginSchema,
    password: PasswordField,
    consent: z.literal('on', { error: 'validation.consentRequired' }),
    redirectTo: RedirectTo,
    ...Honeypot,
  })
  .strict()
  .superRefine(requireCivilServantDetails, ALWAYS)

export const LoginFormSchema = z
  .object({
    login: z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(254, 'validation.loginInvalid'),
    password: z.string({ error: 'validation.required' }).min(1, 'validation.required').max(PASSWORD_MAX_LENGTH, 'validation.passwordTooLong'),
    redirectTo: RedirectTo,
    ...Honeypot,
  })
  .strict()

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string({ error: 'validation.required' }).min(1, 'validation.required').max(PASSWORD_MAX_LENGTH, 'validation.passwordTooLong'),
    newPassword: PasswordField,
    confirmPassword: z.string({ error: 'validation.required' }).min(1, 'validation.required').max(PASSWORD_MAX_LENGTH, 'validation.passwordTooLong'),
  })
  .strict()
  .refine((value) => value.newPassword === value.confirmPassword, {
    path: ['confirmPassword'],
    message: 'validation.passwordMismatch',
  })

export const ProfileSchema = z
  .object({
    intent: z.literal('profile'),
    ...ProfileFields,
    login: LoginSchema,
    locale: z.enum(['vi', 'en'], { error: 'validation.required' }),
    textSize: z.enum(['normal', 'large'], { error: 'validation.required' }),
  })
  .strict()
  .superRefine(requireCivilServantDetails, ALWAYS)

export const DeleteAccountSchema = z
  .object({
    password: z.string({ error: 'validation.required' }).min(1, 'validation.required').max(PASSWORD_MAX_LENGTH, 'validation.passwordTooLong'),
    confirm: z.literal('on', { error: 'validation.deleteConfirm' }),
  })
  .strict()

export const CreateLearnerSchema = z
  .object({
    ...ProfileFields,
    login: LoginSchema,
  })
  .strict()
  .superRefine(requireCivilServantDetails, ALWAYS)

export const ROLE_VALUES = ['LEARNER', 'TRAINER', 'ORG_ADMIN', 'ADMIN'] as const

export const ManageUserSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('reset-password') }).strict(),
  z.object({ intent: z.literal('change-role'), role: z.enum(ROLE_VALUES, { error: 'validation.required' }) }).strict(),
  z
    .object({
      intent: z.literal('change-organization'),
      organizationId: z.string({ error: 'validation.required' }).min(1, 'validation.required').max(64, 'validation.organizationUnknown'),
    })
    .strict(),
])

export const API_TOKEN_NAME_MAX = 80

export const ApiTokenCreateSchema = z
  .object({
    intent: z.literal('create'),
    name: z
      .string({ error: 'validation.required' })
      .trim()
      .min(1, 'validation.required')
      .max(API_TOKEN_NAME_MAX, 'validation.tokenNameTooLong'),
  })
  .strict()

// Revoking cuts off an LRS at once, so the box must be ticked: a confirmation
// that works without JavaScript.
export const ApiTokenRevokeSchema = z
  .object({
    intent: z.literal('revoke'),
    tokenId: z.string({ error: 'validation.required' }).min(1, 'validation.required').max(64, 'validation.invalid'),
    confirm: z.literal('on', { error: 'validation.revokeConfirm' }),
  })
  .strict()

export const ApiTokenActionSchema = z.discriminatedUnion('intent', [ApiTokenCreateSchema, ApiTokenRevokeSchema])
