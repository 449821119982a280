import { z } from 'zod'
import { parseCode } from './code'

// Shared by the browser (Conform) and the server; messages are catalog keys.
export const REASON_MAX = 300

const CodeField = z
  .string({ error: 'validation.required' })
  .max(40, 'validation.codeMalformed')
  .transform((value, ctx) => {
    const parsed = parseCode(value)
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: 'validation.codeMalformed' })
      return z.NEVER
    }
    return parsed.code
  })

const ReasonField = z
  .string({ error: 'validation.reasonRequired' })
  .trim()
  .min(1, 'validation.reasonRequired')
  .max(REASON_MAX, 'validation.reasonTooLong')

export const CertificateRevokeSchema = z.object({ intent: z.literal('revoke'), code: CodeField, reason: ReasonField }).strict()
export const CertificateReissueSchema = z.object({ intent: z.literal('reissue'), code: CodeField, reason: ReasonField }).strict()
export const CertificateActionSchema = z.discriminatedUnion('intent', [CertificateRevokeSchema, CertificateReissueSchema])
