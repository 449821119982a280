import { zipSync } from 'fflate'
import { type Actor } from '~/auth/permissions'
import { certificatePdfFor, pdfFilename } from '~/certificates/downloads.server'
import { certificatesOfUsers, countCertificates } from '~/certificates/issue.server'
import { siteUrl } from '~/env.server'
import { writeCsv } from '~/lib/csv'
import { formatVietnamDay } from '~/lib/dates'
import { classAssignments, classMembers, findClass } from './classes.server'
import { loginText } from '~/lib/phone'

// A class's certificates for the agency's file: a list (CSV) and the PDFs in
// one ZIP. Only the class's own trainer (or admins above) may ask, and only
// for the courses the class assigned: a member's other certificates are
// their own business, as the rest of their learning is (docs/classes.md).

async function assignedCourseSlugs(classId: string): Promise<string[]> {
  return (await classAssignments(classId)).filter((row) => row.kind === 'course').map((row) => row.targetId)
}

/** The count the class page shows beside the download links. */
export async function classCertificateCount(classId: string, memberIds: readonly string[]): Promise<number> {
  return countCertificates(memberIds, await assignedCourseSlugs(classId))
}

export async function classCertificates(actor: Actor, classId: string) {
  const cls = await findClass(actor, classId)
  if (!cls) return null
  const [members, courseSlugs] = await Promise.all([classMembers(cls.id), assignedCourseSlugs(cls.id)])
  const byId = new Map(members.map((member) => [member.id, member]))
  const rows = (await certificatesOfUsers(members.map((member) => member.id), courseSlugs)).map((certificate) => ({
    ...certificate,
    login: loginText(byId.get(certificate.userId)!),
  }))
  return { className: cls.name, rows }
}

export function classCertificatesCsv(rows: NonNullable<Awaited<ReturnType<typeof classCertificates>>>['rows']): string {
  const base = siteUrl()
  return writeCsv(
    [
      ['Họ và tên (như trên chứng nhận)', 'Số điện thoại hoặc email', 'Khoá học', 'Mã chứng nhận', 'Ngày cấp', 'Tình trạng', 'Kiểm tra tại'],
      ...rows.map((row) => [
        row.holderName,
        row.login,
        row.courseTitle,
        row.code,
        `Ngày ${formatVietnamDay(row.issuedOn)}`,
        row.revokedAt ? `Đã thu hồi: ${row.revokedReason ?? ''}` : 'Hợp lệ',
        `${base}/verify/${row.code}`,
      ]),
    ],
    { bom: true, neutraliseFormulas: true },
  )
}

/** Valid certificates only: a revoked one must not travel on as a file. */
export async function classCertificatesZip(rows: NonNullable<Awaited<ReturnType<typeof classCertificates>>>['rows']): Promise<Uint8Array> {
  const files: Record<string, [Uint8Array, { level: 0 }]> = {}
  for (const row of rows) {
    if (row.revokedAt) continue
    const pdf = await certificatePdfFor(row.code)
    // PDFs are already compressed; storing them keeps the ZIP fast to build.
    if (pdf) files[pdfFilename(row.code)] = [pdf, { level: 0 }]
  }
  files['danh-sach-chung-nhan.csv'] = [new TextEncoder().encode(classCertificatesCsv(rows)), { level: 0 }]
  return zipSync(files)
}
