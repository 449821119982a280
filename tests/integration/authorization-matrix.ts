// Who may call what (issue 12): every loader and action of app/routes.ts,
// for each kind of actor, with the answer the INTENDED policy gives
// (docs/classes.md "who sees what", app/auth/permissions.ts,
// app/classes/access.ts). tests/integration/authorization.test.ts reads
// app/routes.ts and fails for a route or handler without a row here, and for
// a row whose route or handler has gone.
//
// Rows say what should happen, not what the code does today: a row the code
// does not meet is a finding, to be fixed in the code.

export const ACTORS = [
  'anonymous',
  'learner', // L1: a learner of ward W1, member of class C1, holder of a certificate
  'otherLearner', // L2: a learner of ward W2 (same province), in no class, no certificate
  'trainer', // T1: trainer of class C1 (ward W1)
  'otherTrainer', // T2: trainer of class C2 (ward W3, province Q)
  'orgAdminIn', // A_in: organisation admin of province P, whose subtree holds W1 and W2
  'orgAdminOut', // A_out: organisation admin of province Q
  'admin',
] as const
export type ActorName = (typeof ACTORS)[number]

export const OUTCOMES = [
  'ok', // 2xx
  'redirect', // a 3xx that is the route's normal answer (not to the login page, not to /tai-khoan)
  'login', // 3xx to /dang-nhap?redirectTo=…
  'to-account', // 3xx to /tai-khoan: a page for signed-out visitors only
  'bad-request', // 400: the probe's body is empty or invalid, and the actor may send a valid one
  'unauthorized', // 401 (API: no usable credentials)
  'forbidden', // 403
  'not-found', // 404
  'method-not-allowed', // 405
] as const
export type Expected = (typeof OUTCOMES)[number]
export type Row = Record<ActorName, Expected>

// The fixture's ids that parameterised routes need.
export type World = {
  classId: string // C1
  joinCode: string // C1's
  learnerId: string // L1
  provinceId: string // P
  certificateCode: string // L1's
  course: string
  lesson: string
  scenario: string
}

// What an action is posted with. Default: an empty form, so that an actor who
// may act gets 400 and no write happens; authorization must be decided before
// (or regardless of) validation, so an actor who may not act gets their
// refusal whatever the body holds.
export type Probe = { form?: Record<string, string>; json?: unknown }

export type RouteEntry = {
  params?: (world: World) => Record<string, string>
  loader?: Row
  action?: Row
  actionProbe?: Probe
}

// ——— The policy's vocabulary ———

const every = (outcome: Expected): Row => ({
  anonymous: outcome,
  learner: outcome,
  otherLearner: outcome,
  trainer: outcome,
  otherTrainer: outcome,
  orgAdminIn: outcome,
  orgAdminOut: outcome,
  admin: outcome,
})

/** Any account; visitors are sent to log in. */
const signedIn = (outcome: Expected): Row => ({ ...every(outcome), anonymous: 'login' })

/** Sign-up and login: signed-in people go to their account instead. */
const signedOutOnly = (outcome: Expected): Row => ({ ...every('to-account'), anonymous: outcome })

/** Staff pages (trainers and above); learners get 403. */
const staff = (outcome: Expected): Row => ({ ...signedIn(outcome), learner: 'forbidden', otherLearner: 'forbidden' })

/** Organisation admins and administrators (certificate revocation, reports); trainers get 403 too. */
const orgAdmins = (outcome: Expected): Row => ({ ...staff(outcome), trainer: 'forbidden', otherTrainer: 'forbidden' })

/** Administrators only (organisation import, API tokens). */
const adminOnly = (outcome: Expected): Row => ({ ...orgAdmins('forbidden'), admin: outcome })

/**
 * Class C1's pages: its trainer, an organisation admin whose subtree holds its
 * ward, administrators. Other staff must not learn that the class exists: 404.
 */
const classC1 = (outcome: Expected): Row => ({ ...staff(outcome), otherTrainer: 'not-found', orgAdminOut: 'not-found' })

/**
 * Learner L1's account page: staff who look after L1 (a trainer of L1's ward,
 * an organisation admin above it, administrators); for other staff, 404.
 */
const managesL1 = (outcome: Expected): Row => ({ ...staff(outcome), otherTrainer: 'not-found', orgAdminOut: 'not-found' })

/** Province P's report: its organisation admin and administrators; outside the subtree looks like no such unit. */
const reportOfP = (outcome: Expected): Row => ({ ...orgAdmins(outcome), orgAdminOut: 'not-found' })

/** L1's certificate: the holder only; anyone else signed in gets the 404 of an unknown code. */
const holderOnly = (outcome: Expected): Row => ({ ...signedIn('not-found'), learner: outcome })

// ——— The matrix: one entry per route of app/routes.ts, keyed by its path ('/' for the index) ———

const c1 = (world: World) => ({ id: world.classId })

export const MATRIX: Record<string, RouteEntry> = {
  '/': { loader: every('ok') },
  healthz: { loader: every('ok') },
  preferences: { loader: every('redirect'), action: every('redirect') },
  // An administrator exists, so setup is closed and no token is valid.
  'setup/:token': { params: () => ({ token: 'khong-phai-ma-that' }), loader: every('not-found'), action: every('forbidden') },

  // The curriculum is public, guests included (progress in a cookie).
  'khoa-hoc': { loader: every('ok') },
  'khoa-hoc/:course': { params: (w) => ({ course: w.course }), loader: every('ok') },
  // An empty quiz is "incomplete" (400) for anyone: guests take quizzes too.
  'khoa-hoc/:course/kiem-tra': { params: (w) => ({ course: w.course }), loader: every('ok'), action: every('bad-request') },
  'khoa-hoc/:course/:lesson': { params: (w) => ({ course: w.course, lesson: w.lesson }), loader: every('ok'), action: every('redirect') },
  'tim-kiem': { loader: every('ok') },
  // Guests see what their browser holds; nobody is sent to log in to see their own progress.
  'hoc-tap': { loader: every('ok') },
  'mo-phong': { loader: every('ok') },
  // A step post answers with a redirect to the GET page of the new state (ADR 015).
  'mo-phong/:id': { params: (w) => ({ id: w.scenario }), loader: every('ok'), action: every('redirect') },

  'dang-ky': { loader: signedOutOnly('ok'), action: signedOutOnly('bad-request') },
  'dang-nhap': { loader: signedOutOnly('ok'), action: signedOutOnly('bad-request') },
  'dang-xuat': { loader: every('redirect'), action: every('redirect') },
  'quyen-rieng-tu': {},

  'tai-khoan': { loader: signedIn('ok'), action: signedIn('bad-request') },
  'tai-khoan/mat-khau': { loader: signedIn('ok'), action: signedIn('bad-request') },
  'tai-khoan/du-lieu': { loader: signedIn('ok') },
  'tai-khoan/xoa': { loader: signedIn('ok'), action: signedIn('bad-request') },

  'quan-ly/nguoi-dung': { loader: staff('ok') },
  'quan-ly/nguoi-dung/moi': { loader: staff('ok'), action: staff('bad-request') },
  'quan-ly/nguoi-dung/:id': { params: (w) => ({ id: w.learnerId }), loader: managesL1('ok'), action: managesL1('bad-request') },
  'quan-ly/to-chuc': { loader: adminOnly('ok'), action: adminOnly('bad-request') },
  'quan-ly/api': { loader: adminOnly('ok'), action: adminOnly('bad-request') },

  // Everyone signed in: staff see the classes they run, learners the ones they joined.
  // Answering an invitation: an empty or unknown one is nobody's (404).
  'lop-hoc': { loader: signedIn('ok'), action: signedIn('not-found') },
  'lop-hoc/moi': { loader: staff('ok'), action: staff('bad-request') },
  'lop-hoc/:id': { params: c1, loader: classC1('ok'), action: classC1('bad-request') },
  'lop-hoc/:id/sua': { params: c1, loader: classC1('ok'), action: classC1('bad-request') },
  'lop-hoc/:id/ap-phich': { params: c1, loader: classC1('ok') },
  'lop-hoc/:id/them-hoc-vien': { params: c1, loader: classC1('ok'), action: classC1('bad-request') },
  'lop-hoc/:id/tien-do': { params: c1, loader: classC1('ok') },
  'lop-hoc/:id/tien-do/:file': { params: (w) => ({ id: w.classId, file: 'bang-tien-do.csv' }), loader: classC1('ok') },
  'lop-hoc/:id/hoc-vien/:userId': { params: (w) => ({ id: w.classId, userId: w.learnerId }), loader: classC1('ok') },
  'lop-hoc/:id/diem-danh': { params: c1, loader: classC1('ok'), action: classC1('bad-request') },
  'lop-hoc/:id/chung-nhan/:file': { params: (w) => ({ id: w.classId, file: 'chung-nhan.csv' }), loader: classC1('ok') },
  // Looking at a class by its code needs no account; joining does.
  'vao-lop': { loader: every('ok'), action: signedIn('bad-request') },
  'vao-lop/:code': { params: (w) => ({ code: w.joinCode }), loader: every('ok'), action: signedIn('bad-request') },

  'quan-ly/chung-chi': { loader: orgAdmins('ok'), action: orgAdmins('bad-request') },
  'chung-chi/:code': { params: (w) => ({ code: w.certificateCode }), loader: holderOnly('ok') },
  'chung-chi/:code/pdf': { params: (w) => ({ code: w.certificateCode }), loader: holderOnly('ok') },
  'chung-chi/:code/huy-hieu.json': { params: (w) => ({ code: w.certificateCode }), loader: holderOnly('ok') },
  // Verification is public by design.
  verify: { loader: every('ok') },
  'verify/:code': { params: (w) => ({ code: w.certificateCode }), loader: every('ok') },
  '.well-known/hocso-certificate-keys.json': { loader: every('ok') },

  // An organisation admin goes straight to their own unit's report; an administrator chooses.
  'quan-ly/bao-cao': { loader: { ...orgAdmins('redirect'), admin: 'ok' } },
  'quan-ly/bao-cao/:orgId': { params: (w) => ({ orgId: w.provinceId }), loader: reportOfP('ok') },
  'quan-ly/bao-cao/:orgId/csv': { params: (w) => ({ orgId: w.provinceId }), loader: reportOfP('ok') },

  // The session's user is the actor; an empty batch is refused as malformed.
  'api/progress/events': {
    loader: every('method-not-allowed'),
    action: { ...every('bad-request'), anonymous: 'unauthorized' },
    actionProbe: { json: { events: [] } },
  },
  // An API token opens the statements, never a session cookie (not even an administrator's).
  'api/xapi/statements': { loader: every('unauthorized'), action: every('method-not-allowed') },
  'api/xapi/about': { loader: every('ok') },
  '*': { params: () => ({ '*': 'khong-co-trang-nay' }), loader: every('not-found'), action: every('not-found') },
}
