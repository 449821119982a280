import { type RouteConfig, index, route } from '@remix-run/route-config'

// Every URL is listed here, in one place, mapped to a file in app/routes/
// named after the URL (see docs/decisions/002-route-convention.md).
export default [
  index('routes/home.tsx'),
  route('healthz', 'routes/healthz.ts'),
  route('preferences', 'routes/preferences.ts'),
  route('setup/:token', 'routes/setup.tsx'),
  route('khoa-hoc', 'routes/courses.tsx'),
  route('khoa-hoc/:course', 'routes/course.tsx'),
  route('khoa-hoc/:course/kiem-tra', 'routes/course-quiz.tsx'),
  route('khoa-hoc/:course/:lesson', 'routes/lesson.tsx'),
  route('tim-kiem', 'routes/search.tsx'),
  route('mo-phong', 'routes/simulators.tsx'),
  route('mo-phong/:id', 'routes/simulator.tsx'),
  route('dang-ky', 'routes/signup.tsx'),
  route('dang-nhap', 'routes/login.tsx'),
  route('dang-xuat', 'routes/logout.ts'),
  route('quyen-rieng-tu', 'routes/privacy.tsx'),
  route('tai-khoan', 'routes/account.tsx'),
  route('tai-khoan/mat-khau', 'routes/account-password.tsx'),
  route('tai-khoan/du-lieu', 'routes/account-data.ts'),
  route('tai-khoan/xoa', 'routes/account-delete.tsx'),
  route('quan-ly/nguoi-dung', 'routes/manage/users.tsx'),
  route('quan-ly/nguoi-dung/moi', 'routes/manage/user-new.tsx'),
  route('quan-ly/nguoi-dung/:id', 'routes/manage/user.tsx'),
  route('quan-ly/to-chuc', 'routes/manage/organizations.tsx'),
  route('quan-ly/api', 'routes/manage/api-tokens.tsx'),
  route('api/progress/events', 'routes/api/progress-events.ts'),
  route('api/xapi/statements', 'routes/api/xapi-statements.ts'),
  route('api/xapi/about', 'routes/api/xapi-about.ts'),
  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig
