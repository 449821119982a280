import { z } from 'zod'
import { OptionalText } from '~/auth/schemas'
import { isDay } from '~/lib/dates'

// Shared by the browser (Conform) and the server; messages are catalog keys.

const Text = (max: number) => z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(max, 'validation.tooLong')

export const ClassSchema = z.object({
  name: Text(120),
  organizationId: Text(64),
  scheduleNotes: OptionalText(1000),
})

const DaySchema = z
  .string({ error: 'validation.required' })
  .trim()
  .max(10, 'validation.dayInvalid')
  .refine((value) => isDay(value), 'validation.dayInvalid')

// "course:<slug>" or "simulator:<id>", one select for both kinds.
export const AssignmentSchema = z.object({
  intent: z.literal('assign'),
  target: z
    .string({ error: 'classes.targetRequired' })
    .max(90, 'classes.targetRequired')
    .regex(/^(course|simulator):[a-z0-9-]{1,80}$/, 'classes.targetRequired'),
  dueDay: DaySchema,
})

export const UnassignSchema = z.object({ intent: z.literal('unassign'), assignmentId: Text(64) })

export const RemoveMemberSchema = z.object({ intent: z.literal('remove-member'), userId: Text(64) })

export const JoinSchema = z.object({
  code: z
    .string({ error: 'validation.required' })
    .trim()
    .min(1, 'validation.required')
    .max(20, 'classes.codeUnknown'),
})

// A class list is never near this; the form posts one checkbox per learner.
export const MAX_PRESENT = 2000

export const AttendanceSchema = z.object({
  day: DaySchema,
  note: OptionalText(300),
  // Checkbox values: the ids of learners present (none is allowed: nobody came).
  present: z.array(z.string().max(64)).max(MAX_PRESENT).optional().default([]),
})

// The learner's answer to an invitation, from /lop-hoc (plain forms, no JavaScript needed).
export const InvitationAnswerSchema = z.object({ intent: z.enum(['accept-invitation', 'decline-invitation']), invitationId: Text(64) })

export const WithdrawInvitationSchema = z.object({ intent: z.literal('withdraw-invitation'), invitationId: Text(64) })
