import { readFile } from 'node:fs/promises'
import { E2E_PORT } from '../../playwright.config'
import { STAFF_PASSWORD, createStaff, finishCourse, logIn, randomPhone } from './support/accounts'
import { expect, expectNoAxeViolations, expectNoHorizontalScroll, openMenu, test } from './support/fixtures'

const COURSE_TITLE = 'Phản ánh, kiến nghị'

function inDays(days: number) {
  return new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10)
}

test('a trainer runs a class: creates it, imports five learners and invites one, assigns a course, sees one finish, exports', async ({ page, browser }) => {
  test.setTimeout(150_000)
  // Someone who already signed up on their own: an import can only invite them.
  const residentPhone = randomPhone()
  const residentPassword = 'Chiều chiều ra đứng ngõ sau'
  const signupContext = await browser.newContext({ baseURL: `http://localhost:${E2E_PORT}` })
  const signup = await signupContext.newPage()
  await signup.goto('/dang-ky')
  await signup.getByLabel('Họ và tên').fill('Đinh Thị Tự Đăng Ký')
  await signup.getByLabel('Số điện thoại hoặc email').fill(residentPhone)
  await signup.getByLabel('Mật khẩu').fill(residentPassword)
  await signup.getByLabel(/Tôi đã đọc thông báo về quyền riêng tư/).check()
  await signup.getByRole('button', { name: 'Tạo tài khoản' }).click()
  await expect(signup).not.toHaveURL(/\/dang-ky/)
  await signupContext.close()

  const trainer = createStaff('TRAINER', 'Đặng Văn Tổ Trưởng')
  await logIn(page, trainer.phone, STAFF_PASSWORD)
  await openMenu(page)
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Lớp học' }).click()
  await page.getByRole('link', { name: 'Tạo lớp mới' }).click()
  // An empty name is refused in Vietnamese and the typed schedule is kept.
  await page.getByLabel('Lịch học (không bắt buộc)').fill('Tối thứ Ba, nhà văn hoá khu phố 3')
  await page.getByRole('button', { name: 'Tạo lớp' }).click()
  await expect(page.locator('.field__error', { hasText: 'Vui lòng điền vào ô này.' })).toBeVisible()
  await expect(page.getByLabel('Lịch học (không bắt buộc)')).toHaveValue('Tối thứ Ba, nhà văn hoá khu phố 3')
  await page.getByLabel('Tên lớp').fill('Lớp phản ánh khu phố 3')
  await page.getByRole('button', { name: 'Tạo lớp' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lớp phản ánh khu phố 3')
  await expect(page.getByRole('status')).toContainText('Đã tạo lớp')
  const joinCode = (await page.locator('.join-code').textContent())!.trim()
  expect(joinCode).toMatch(/^[A-Z0-9]{6}$/)
  await expectNoAxeViolations(page)

  // The printable poster carries the QR code to the join link.
  await page.getByRole('link', { name: 'In áp phích có mã QR' }).click()
  await expect(page.getByRole('img', { name: new RegExp(`vao-lop/${joinCode}`) })).toBeVisible()
  await expectNoAxeViolations(page)
  await page.goBack()

  // Five new learners and the resident who has an account, pasted from a
  // spreadsheet; one line has a mistake first.
  const phones = Array.from({ length: 5 }, () => randomPhone())
  const names = ['Nguyễn Thị Mai', 'Trần Văn Hùng', 'Lê Thị Hồng', 'Phạm Văn Long', 'Võ Thị Sen']
  await page.getByRole('link', { name: 'Thêm học viên' }).click()
  const bad = [
    'Họ và tên\tSố điện thoại\tĐối tượng',
    ...names.map((name, i) => `${name}\t${i === 2 ? '12345' : phones[i]}\tngười dân`),
    `Cô Sáu tổ 3\t${residentPhone}\tngười dân`,
  ].join('\n')
  await page.getByLabel('Dán danh sách').fill(bad)
  await page.getByRole('button', { name: 'Xem trước (chưa lưu gì)' }).click()
  await expect(page.getByText(/Dòng 4:/)).toBeVisible()
  await expect(page.getByText(/Dòng 4: Dòng 4/)).toHaveCount(0)
  await expect(page.getByRole('button', { name: /Chỉ thêm 5 người/ })).toBeVisible()
  await expect(page.getByLabel('Dán danh sách')).toHaveValue(bad)
  await expectNoAxeViolations(page)
  const good = bad.replace('12345', phones[2]!)
  await page.getByLabel('Dán danh sách').fill(good)
  await page.getByRole('button', { name: 'Xem trước (chưa lưu gì)' }).click()
  // The preview does not tell who has an account: every line reads the same.
  await expect(page.getByRole('cell', { name: 'Sẽ thêm vào lớp' })).toHaveCount(6)
  await page.getByRole('button', { name: 'Xác nhận thêm 6 người' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đã thêm học viên')
  await expect(page.getByRole('status')).toContainText('1 người đã có tài khoản: đã gửi lời mời, họ vào lớp khi đồng ý.')
  const slips = page.locator('.slip')
  await expect(slips).toHaveCount(5)
  const firstSlip = slips.filter({ hasText: names[0]! })
  const temporaryPassword = (await firstSlip.locator('dd').nth(2).textContent())!.trim()
  await expectNoAxeViolations(page)

  // Assign the course, due in a week.
  await page.getByRole('link', { name: /^← Lớp phản ánh khu phố 3/ }).click()
  await page.getByLabel('Khoá học hoặc mô phỏng').selectOption({ label: COURSE_TITLE })
  await page.getByLabel('Hạn hoàn thành').fill(inDays(7))
  await page.getByRole('button', { name: 'Lưu bài được giao' }).click()
  await expect(page.getByRole('status')).toContainText('Đã lưu bài được giao')
  await expect(page.getByRole('row', { name: new RegExp(COURSE_TITLE) })).toBeVisible()
  // The date picker lets an assigned item's date move back, into the past too; then forward again.
  await expect(page.getByLabel('Hạn hoàn thành')).not.toHaveAttribute('min')
  await page.getByLabel('Khoá học hoặc mô phỏng').selectOption({ label: COURSE_TITLE })
  await page.getByLabel('Hạn hoàn thành').fill(inDays(-2))
  await page.getByRole('button', { name: 'Lưu bài được giao' }).click()
  await expect(page.getByRole('row', { name: new RegExp(COURSE_TITLE) })).toContainText('đã quá hạn')
  await page.getByLabel('Khoá học hoặc mô phỏng').selectOption({ label: COURSE_TITLE })
  await page.getByLabel('Hạn hoàn thành').fill(inDays(7))
  await page.getByRole('button', { name: 'Lưu bài được giao' }).click()
  await expect(page.getByRole('row', { name: new RegExp(COURSE_TITLE) })).not.toContainText('đã quá hạn')
  // The invitation waits under the name the trainer typed, not the account's.
  await expect(page.getByRole('region', { name: 'Đang chờ đồng ý (1)' })).toContainText('Cô Sáu tổ 3')
  await expect(page.getByText('Đinh Thị Tự Đăng Ký')).toHaveCount(0)

  // The first learner signs in with the slip, chooses a password, sees the assignment and finishes the course.
  const learnerContext = await browser.newContext({ baseURL: new URL(page.url()).origin, viewport: { width: 360, height: 740 } })
  const learner = await learnerContext.newPage()
  await logIn(learner, phones[0]!, temporaryPassword)
  await expect(learner).toHaveURL(/\/tai-khoan\/mat-khau$/)
  await learner.getByLabel('Mật khẩu tạm (in trên phiếu)').fill(temporaryPassword)
  await learner.getByLabel('Mật khẩu mới (bắt buộc)', { exact: true }).fill('Hoa sen nở giữa hồ mùa hạ')
  await learner.getByLabel('Nhập lại mật khẩu mới').fill('Hoa sen nở giữa hồ mùa hạ')
  await learner.getByRole('button', { name: 'Đổi mật khẩu' }).click()
  await learner.goto('/hoc-tap')
  const assignment = learner.locator('.assignment', { hasText: COURSE_TITLE })
  await expect(assignment).toContainText('Lớp: Lớp phản ánh khu phố 3')
  await expect(assignment).toContainText(/Hạn: \d{2}\/\d{2}\/\d{4}/)
  await expectNoHorizontalScroll(learner)
  await expectNoAxeViolations(learner)
  await finishCourse(learner, 'phan-anh-kien-nghi')
  await learner.goto('/hoc-tap')
  await expect(learner.locator('.assignment', { hasText: COURSE_TITLE })).toContainText('Đã xong')
  await learnerContext.close()

  // The resident finds the invitation from the dashboard, sees what the class asks, and accepts (360 px wide).
  const residentContext = await browser.newContext({ baseURL: new URL(page.url()).origin, viewport: { width: 360, height: 740 } })
  const resident = await residentContext.newPage()
  await logIn(resident, residentPhone, residentPassword)
  await resident.goto('/hoc-tap')
  await resident.getByRole('link', { name: 'Xem và trả lời' }).click()
  await expect(resident).toHaveURL(/\/lop-hoc#loi-moi$/)
  const invitation = resident.locator('#loi-moi li.card', { hasText: 'Lớp phản ánh khu phố 3' })
  await expect(invitation).toContainText('Đặng Văn Tổ Trưởng')
  await expect(invitation).toContainText(COURSE_TITLE)
  await expectNoHorizontalScroll(resident)
  await expectNoAxeViolations(resident)
  await invitation.getByRole('button', { name: 'Đồng ý vào lớp' }).click()
  await expect(resident).toHaveURL(/\/hoc-tap\?vao-lop=1$/)
  await expect(resident.getByRole('status').first()).toContainText('Bạn đã vào lớp')
  await expect(resident.locator('.assignment', { hasText: COURSE_TITLE })).toContainText('Lớp: Lớp phản ánh khu phố 3')
  await residentContext.close()

  // The matrix shows the learner as done; the filter finds who is stuck; the export contains it.
  await page.getByRole('link', { name: 'Xem tiến độ cả lớp' }).click()
  const row = page.getByRole('row', { name: new RegExp(names[0]!) })
  await expect(row).toContainText('Xong')
  await expect(page.getByRole('row', { name: new RegExp(names[1]!) })).toContainText('Chưa bắt đầu')
  await expectNoAxeViolations(page)
  await page.getByLabel('Hiện', { exact: true }).selectOption('xong')
  await page.getByRole('button', { name: 'Xem', exact: true }).click()
  await expect(page.getByRole('caption')).toHaveText('Đang hiện 1 trên 6 học viên')
  const downloadPromise = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Tải bảng tiến độ (CSV)' }).click()
  const download = await downloadPromise
  expect(download.suggestedFilename()).toMatch(/^tien-do-lop-phan-anh-khu-pho-3-\d{4}-\d{2}-\d{2}\.csv$/)
  const csv = await readFile((await download.path())!, 'utf8')
  const line = csv.split('\r\n').find((text) => text.startsWith(names[0]!))!
  expect(line).toMatch(/Hoàn thành \d{2}\/\d{2}\/\d{4}/)
  const xlsx = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Tải bảng tiến độ (Excel)' }).click()
  expect((await xlsx).suggestedFilename()).toMatch(/\.xlsx$/)

  // The drill-down of the learner who finished.
  await page.getByRole('link', { name: names[0]! }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(names[0]!)
  await expect(page.getByText('Xong').first()).toBeVisible()
  await expectNoAxeViolations(page)
  await page.goBack()

  // Attendance for today's session.
  await page.goto(page.url().replace(/\/tien-do.*$/, '/diem-danh'))
  await page.getByRole('checkbox', { name: names[0]! }).check()
  await page.getByRole('checkbox', { name: names[3]! }).check()
  await page.getByRole('button', { name: 'Lưu điểm danh' }).click()
  await expect(page.getByRole('status')).toContainText('2 người có mặt')
  await expectNoAxeViolations(page)

  // When the class ends, it is archived (and can be restored).
  await page.goto(page.url().replace(/\/diem-danh.*$/, '/sua'))
  await expectNoAxeViolations(page)
  await page.getByRole('button', { name: 'Lưu trữ lớp này' }).click()
  await expect(page.getByRole('status')).toContainText('Đã lưu trữ lớp')
  await expect(page.getByText('Lớp đã lưu trữ (1)')).toBeVisible()
})

test('a resident joins a class from the poster link while signing up', async ({ page, browser }) => {
  test.setTimeout(60_000)
  const trainer = createStaff('TRAINER', 'Hồ Thị Hướng Dẫn')
  const trainerContext = await browser.newContext({ baseURL: `http://localhost:${E2E_PORT}` })
  const trainerPage = await trainerContext.newPage()
  await logIn(trainerPage, trainer.phone, STAFF_PASSWORD)
  await trainerPage.goto('/lop-hoc/moi')
  await trainerPage.getByLabel('Tên lớp').fill('Lớp VNeID tổ 7')
  await trainerPage.getByRole('button', { name: 'Tạo lớp' }).click()
  const joinCode = (await trainerPage.locator('.join-code').textContent())!.trim()
  await trainerContext.close()

  await page.goto(`/vao-lop/${joinCode.toLowerCase()}`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vào lớp “Lớp VNeID tổ 7”')
  await expectNoAxeViolations(page)
  await page.getByRole('link', { name: 'Đăng ký và vào lớp' }).click()
  await page.getByLabel('Họ và tên').fill('Lý Thị Tư')
  await page.getByLabel('Số điện thoại hoặc email').fill(randomPhone())
  await page.getByLabel('Mật khẩu').fill('Trăng rằm tháng tám sáng tỏ')
  await page.getByLabel(/Tôi đã đọc thông báo về quyền riêng tư/).check()
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click()
  await expect(page.getByRole('status')).toHaveText('Bạn đã ở trong lớp này.')
  // A wrong code typed by hand says what to do.
  await page.goto('/vao-lop')
  await page.getByLabel('Mã lớp').fill('ABCDEF')
  await page.getByRole('button', { name: 'Vào lớp' }).click()
  await expect(page.getByText('Không tìm thấy lớp có mã này.')).toBeVisible()
})

test('an organisation admin reads the roll-up of their province, drills down to a ward, and downloads it', async ({ page }) => {
  test.setTimeout(60_000)
  const admin = createStaff('ORG_ADMIN', 'Vũ Thị Quản Lý')
  await logIn(page, admin.phone, STAFF_PASSWORD)
  await page.goto('/quan-ly/bao-cao')
  await expect(page.getByRole('heading', { level: 1 })).toContainText(admin.organization)
  await expect(page.getByRole('heading', { name: 'Tổng quan' })).toBeVisible()
  await expect(page.locator('svg[role="img"]').first()).toBeVisible()
  await expectNoAxeViolations(page)
  await expectNoHorizontalScroll(page)
  const children = page.locator('table', { has: page.getByRole('columnheader', { name: 'Đơn vị' }) })
  await children.getByRole('link').first().click()
  await expect(page.getByRole('navigation', { name: 'Đơn vị cấp trên' })).toContainText(admin.organization)
  await expectNoAxeViolations(page)
})
