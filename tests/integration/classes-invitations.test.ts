import { expect, test } from 'vitest'
import { actorFor } from '~/auth/manage.server'
import { applyRosterImport } from '~/classes/import.server'
import { prisma } from '~/db.server'
import { loader as dataLoader } from '~/routes/account-data'
import { action as classAction, loader as classLoader } from '~/routes/classes/class'
import { action as indexAction, loader as indexLoader } from '~/routes/classes/index'
import { action as joinAction } from '~/routes/classes/join'
import { loader as learnerLoader } from '~/routes/classes/learner'
import { loader as progressLoader } from '~/routes/progress'
import { context, formRequest, getRequest, run } from '../support/http'
import { organization, person } from '../support/people'

// The learner's side of consent: an existing account named in a trainer's
// import is invited, and only its holder can let the trainer in.

let phoneSeq = 0
function phone(): string {
  phoneSeq += 1
  return `+849${String(10_000_000 + phoneSeq * 6151 + (Date.now() % 1000)).slice(-8)}`
}

async function invited({ assignments = true } = {}) {
  const ward = await organization('Phường Lời Mời')
  const trainer = await person('TRAINER', ward.id, { name: 'Đặng Thị Hướng Dẫn' })
  const cls = await prisma.class.create({
    data: { name: 'Lớp VNeID khu phố 4', organizationId: ward.id, trainerId: trainer.user.id, joinCode: `I${Date.now() % 1e8}${phoneSeq}` },
  })
  if (assignments) {
    await prisma.assignment.create({ data: { classId: cls.id, kind: 'course', targetId: 'lam-quen-vneid', dueAt: new Date('2026-12-31T16:59:59.999Z') } })
  }
  const learner = await person('LEARNER', null, { phone: phone(), name: 'Trương Văn Thật' })
  const result = await applyRosterImport(await actorFor(trainer.user), cls.id, `Họ và tên,Số điện thoại\nBác Tư,0${learner.user.phone!.slice(3)}\n`, { validRowsOnly: false })
  expect(result).toMatchObject({ ok: true, counts: { invited: 1 } })
  const invitation = await prisma.classInvitation.findFirstOrThrow({ where: { classId: cls.id, userId: learner.user.id } })
  return { ward, trainer, cls, learner, invitation }
}

const answer = (cookie: string, intent: 'accept-invitation' | 'decline-invitation', invitationId: string) =>
  run(indexAction, formRequest('/lop-hoc', { intent, invitationId }, cookie))

test('the learner sees the invitation on /lop-hoc (class, trainer, organisation, assignments) and a notice on /hoc-tap', async () => {
  const { learner, invitation } = await invited()
  const list = await run(indexLoader, getRequest('/lop-hoc', learner.cookie))
  expect(list.body).toMatchObject({
    joined: [],
    invitations: [
      {
        id: invitation.id,
        className: 'Lớp VNeID khu phố 4',
        trainer: 'Đặng Thị Hướng Dẫn',
        organization: 'Phường Lời Mời',
        assignments: [{ kind: 'course', title: 'Làm quen với VNeID', dueDay: '2026-12-31' }],
      },
    ],
  })
  expect((await run(progressLoader, getRequest('/hoc-tap', learner.cookie))).body).toMatchObject({ invitations: 1, assignments: [] })
})

test('accepting makes a membership in one step with the answer, audited; the trainer then sees the learner', async () => {
  const { trainer, cls, learner, invitation } = await invited()
  const accepted = await answer(learner.cookie, 'accept-invitation', invitation.id)
  expect(accepted.status).toBe(302)
  expect(accepted.headers.get('Location')).toBe('/hoc-tap?vao-lop=1')
  expect(await prisma.classMember.findUniqueOrThrow({ where: { classId_userId: { classId: cls.id, userId: learner.user.id } } })).toMatchObject({ source: 'invitation' })
  expect(await prisma.classInvitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({ status: 'accepted', respondedAt: expect.any(Date) })
  expect(await prisma.auditLog.count({ where: { action: 'class.invitation-accepted', actorId: learner.user.id, targetId: cls.id } })).toBe(1)
  // Pressing it twice changes nothing.
  expect((await answer(learner.cookie, 'accept-invitation', invitation.id)).status).toBe(302)
  expect(await prisma.classMember.count({ where: { classId: cls.id } })).toBe(1)
  expect(await prisma.auditLog.count({ where: { action: 'class.invitation-accepted', targetId: cls.id } })).toBe(1)

  const dashboard = (await run(progressLoader, getRequest('/hoc-tap', learner.cookie))).body as { invitations: number; assignments: { href: string }[] }
  expect(dashboard.invitations).toBe(0)
  expect(dashboard.assignments.map((item) => item.href)).toEqual(['/khoa-hoc/lam-quen-vneid'])
  expect((await run(learnerLoader, getRequest('/', trainer.cookie), { id: cls.id, userId: learner.user.id })).status).toBe(200)
  const page = (await run(classLoader, getRequest(`/lop-hoc/${cls.id}`, trainer.cookie), { id: cls.id })).body as { members: { id: string }[]; invitations: unknown[] }
  expect(page.members.map((member) => member.id)).toEqual([learner.user.id])
  expect(page.invitations).toEqual([])
})

test('declining keeps the learner out and leaves the lists; the trainer still sees nothing', async () => {
  const { trainer, cls, learner, invitation } = await invited()
  const declined = await answer(learner.cookie, 'decline-invitation', invitation.id)
  expect(declined.status).toBe(302)
  expect(declined.headers.get('Location')).toBe('/lop-hoc?tu-choi=1')
  expect(await prisma.classMember.count({ where: { classId: cls.id } })).toBe(0)
  expect(await prisma.classInvitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({ status: 'declined', respondedAt: expect.any(Date) })
  expect(await prisma.auditLog.count({ where: { action: 'class.invitation-declined', actorId: learner.user.id, targetId: cls.id } })).toBe(1)
  expect((await run(indexLoader, getRequest('/lop-hoc?tu-choi=1', learner.cookie))).body).toMatchObject({ invitations: [], justDeclined: true })
  expect((await run(classLoader, getRequest(`/lop-hoc/${cls.id}`, trainer.cookie), { id: cls.id })).body).toMatchObject({ members: [], invitations: [] })
  expect((await run(learnerLoader, getRequest('/', trainer.cookie), { id: cls.id, userId: learner.user.id })).status).toBe(404)
})

test("someone else's invitation, or a made-up id, is 404 and changes nothing", async () => {
  const { trainer, cls, learner, invitation } = await invited()
  const intruder = await person('LEARNER')
  for (const intent of ['accept-invitation', 'decline-invitation'] as const) {
    expect((await answer(intruder.cookie, intent, invitation.id)).status).toBe(404)
    // Nor can the trainer who sent it answer for the learner.
    expect((await answer(trainer.cookie, intent, invitation.id)).status).toBe(404)
    expect((await answer(learner.cookie, intent, 'no-such-invitation')).status).toBe(404)
  }
  expect((await run(indexAction, formRequest('/lop-hoc', { intent: 'something-else', invitationId: invitation.id }, learner.cookie))).status).toBe(404)
  expect(await prisma.classMember.count({ where: { classId: cls.id } })).toBe(0)
  expect(await prisma.classInvitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({ status: 'pending' })
  expect((await run(indexLoader, getRequest('/lop-hoc', intruder.cookie))).body).toMatchObject({ invitations: [] })
})

test('an invitation to an archived class cannot be accepted, and says why', async () => {
  const { cls, learner, invitation } = await invited()
  await prisma.class.update({ where: { id: cls.id }, data: { archivedAt: new Date() } })
  const refused = await answer(learner.cookie, 'accept-invitation', invitation.id)
  expect(refused).toMatchObject({ status: 400, body: { error: 'classes.invitationArchived' } })
  expect(await prisma.classMember.count({ where: { classId: cls.id } })).toBe(0)
  expect(await prisma.classInvitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({ status: 'pending' })
  // Not offered while the class is archived; declining still works.
  expect((await run(indexLoader, getRequest('/lop-hoc', learner.cookie))).body).toMatchObject({ invitations: [] })
  expect((await run(progressLoader, getRequest('/hoc-tap', learner.cookie))).body).toMatchObject({ invitations: 0 })
  expect((await answer(learner.cookie, 'decline-invitation', invitation.id)).status).toBe(302)
})

test('joining with the class code is consent too: it accepts the pending invitation', async () => {
  const { cls, learner, invitation } = await invited()
  const joined = await run(joinAction, formRequest(`/vao-lop/${cls.joinCode}`, { code: cls.joinCode }, learner.cookie), { code: cls.joinCode })
  expect(joined.status).toBe(302)
  expect(await prisma.classMember.findUniqueOrThrow({ where: { classId_userId: { classId: cls.id, userId: learner.user.id } } })).toMatchObject({ source: 'code' })
  expect(await prisma.classInvitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({ status: 'accepted' })
  expect((await run(indexLoader, getRequest('/lop-hoc', learner.cookie))).body).toMatchObject({ invitations: [], joined: [{ id: cls.id }] })
})

test('the trainer may withdraw a pending invitation; another trainer gets 404', async () => {
  const { ward, trainer, cls, learner, invitation } = await invited()
  const other = await person('TRAINER', ward.id)
  const withdraw = (cookie: string) => run(classAction, formRequest(`/lop-hoc/${cls.id}`, { intent: 'withdraw-invitation', invitationId: invitation.id }, cookie), { id: cls.id })
  expect((await withdraw(other.cookie)).status).toBe(404)
  expect(await prisma.classInvitation.count({ where: { id: invitation.id } })).toBe(1)
  expect((await withdraw(trainer.cookie)).body).toMatchObject({ done: 'classes.invitationWithdrawn' })
  expect(await prisma.classInvitation.count({ where: { id: invitation.id } })).toBe(0)
  expect((await run(indexLoader, getRequest('/lop-hoc', learner.cookie))).body).toMatchObject({ invitations: [] })
  expect((await answer(learner.cookie, 'accept-invitation', invitation.id)).status).toBe(404)
  expect((await withdraw(trainer.cookie)).status).toBe(404)
})

test("the learner's data download lists their invitations and answers", async () => {
  const { learner, invitation } = await invited({ assignments: false })
  await answer(learner.cookie, 'decline-invitation', invitation.id)
  const response = await dataLoader({ request: getRequest('/tai-khoan/du-lieu', learner.cookie), params: {}, context })
  const body = (await response.json()) as { classInvitations: unknown[]; accountHistory: { action: string }[] }
  expect(body.classInvitations).toEqual([
    expect.objectContaining({
      class: 'Lớp VNeID khu phố 4',
      organization: 'Phường Lời Mời',
      invitedBy: 'Đặng Thị Hướng Dẫn',
      nameInTrainersList: 'Bác Tư',
      status: 'declined',
    }),
  ])
  expect(body.accountHistory.map((entry) => entry.action)).toEqual(expect.arrayContaining(['class.invitation-sent', 'class.invitation-declined']))
})
