import { type PrintedFinding } from './pdf-check.server'
import { type PrintedField } from './pdf.server'
import { vietnameseDate } from './payload'
import { type CertificateDetails, type VerifyOutcome } from './verify'

// What `npm run cert:verify` prints, in Vietnamese: the verdict first, then
// always the signed facts when the signature holds (they are the only thing
// the verifier vouches for), then what a person still has to check by eye.

const FIELD: Record<PrintedField, string> = {
  holder: 'Họ tên người nhận',
  role: 'Chức vụ, cơ quan',
  organization: 'Đơn vị',
  course: 'Tên khoá học',
  date: 'Ngày cấp',
  code: 'Mã chứng nhận',
  url: 'Địa chỉ kiểm tra',
  template: 'Chữ in sẵn của mẫu chứng nhận',
}

const ASPECT: Record<string, string> = {
  font: 'phông chữ',
  glyphs: 'hình dạng chữ',
  size: 'cỡ chữ',
  position: 'vị trí',
  colour: 'màu hoặc cách tô chữ',
  text: 'chữ đọc được khi sao chép',
}

const METADATA: Record<string, string> = {
  Title: 'Tiêu đề của tệp',
  Subject: 'Chủ đề của tệp',
  Author: 'Tác giả của tệp',
  Keywords: 'Từ khoá của tệp',
  Creator: 'Phần mềm tạo tệp',
  Producer: 'Phần mềm xuất tệp',
  CreationDate: 'Ngày tạo tệp',
  ModDate: 'Ngày sửa tệp',
}

const ADDED: Record<Extract<PrintedFinding, { kind: 'added-drawing' }>['what'], string> = {
  drawing: 'hình vẽ',
  image: 'hình ảnh',
  xobject: 'hình ảnh hoặc khối nội dung chèn vào',
  shading: 'mảng màu',
  clip: 'vùng cắt (có thể giấu một phần trang)',
  marked: 'đoạn nội dung được đánh dấu (có thể bị ẩn đi)',
  extgstate: 'thiết lập đồ hoạ (độ trong suốt, chế độ hoà trộn…)',
}

const BY: Record<Extract<PrintedFinding, { kind: 'covered' }>['by'], string> = {
  text: 'chữ in thêm',
  drawing: 'hình vẽ thêm',
  image: 'hình ảnh chèn thêm',
  other: 'phần thêm vào',
}

const quote = (value: string | null) => (value === null ? '(không có)' : `«${value}»`)

export function describeFinding(finding: PrintedFinding): string {
  switch (finding.kind) {
    case 'changed':
      return `${FIELD[finding.field]}: trên tệp in ${quote(finding.printed)}, nội dung đã ký là ${quote(finding.signed)}.`
    case 'restyled':
      return finding.aspects.length === 1 && finding.aspects[0] === 'text'
        ? `${FIELD[finding.field]}: in ra đúng nhưng khi sao chép lại đọc thành ${quote(finding.printed)}.`
        : `${FIELD[finding.field]} ${quote(finding.signed)}: khác bản gốc về ${finding.aspects.map((aspect) => ASPECT[aspect] ?? aspect).join(', ')}.`
    case 'missing':
      return `${FIELD[finding.field]}: không thấy in ở chỗ của nó (nội dung đã ký là ${quote(finding.signed)}).`
    case 'covered':
      return `${FIELD[finding.field]} ${quote(finding.signed)}: bị che hoặc bị in đè bởi ${BY[finding.by]}.`
    case 'added-text':
      return `Trang có thêm chữ không thuộc chứng nhận: ${quote(finding.printed)}.`
    case 'added-drawing':
      return `Trang có thêm ${ADDED[finding.what]} không có trong bản gốc.`
    case 'shapes':
      return finding.part === 'qr' ? 'Mã QR khác bản gốc.' : 'Khung viền của chứng nhận khác bản gốc.'
    case 'pages':
      return finding.count === 0
        ? 'Tệp không có trang nào.'
        : `Tệp có ${finding.count} trang; chứng nhận chỉ có 1 trang. Các trang thêm vào không thuộc chứng nhận.`
    case 'page-settings':
      return `Thiết lập của trang khác bản gốc (${finding.keys.join(', ')}): trang có thể hiện ra khác, ví dụ bị cắt, bị xoay hoặc có chú thích dán đè.`
    case 'metadata':
      return `${METADATA[finding.key] ?? `Thông tin «${finding.key}» của tệp`}: tệp ghi ${quote(finding.printed)}, bản gốc ghi ${quote(finding.signed)}.`
    case 'document':
      return `Tệp có thêm hoặc đã sửa phần ${finding.keys.join(', ')} (bản gốc không có; có thể là biểu mẫu, mã lệnh hoặc siêu dữ liệu hiện ra thay cho trang).`
    case 'attachments':
      return `Tệp đính kèm khác bản gốc (${finding.names.map((name) => quote(name)).join(', ') || 'không có'}); bản gốc chỉ kèm «hocso-certificate.json».`
    case 'revisions':
      return 'Tệp đã được ghi thêm sau khi cấp (có phần cập nhật nối vào cuối tệp): phần ghi thêm có thể thay đổi những gì hiện ra.'
    case 'duplicate-objects':
      return `Tệp có ${finding.count} đối tượng được khai báo hai lần: các phần mềm đọc PDF khác nhau có thể hiện ra nội dung khác nhau.`
  }
}

function facts(details: CertificateDetails): string[] {
  const role = [details.position, details.agency].filter(Boolean).join(', ')
  return [
    `  Mã chứng nhận: ${details.code}`,
    `  Người nhận:    ${details.holderName}`,
    ...(role ? [`  Chức vụ:       ${role}`] : []),
    `  Đơn vị:        ${details.organization ?? '(không ghi)'}`,
    `  Khoá học:      ${details.courseTitle}${details.courseVersion ? ` (phiên bản nội dung ${details.courseVersion})` : ''}`,
    `  Ngày cấp:      ${vietnameseDate(details.issuedOn)}`,
    `  Nơi cấp:       ${details.issuerUrl}`,
  ]
}

function revocation(details: CertificateDetails): string {
  return `- Kiểm tra khi không có mạng không biết chứng nhận đã bị thu hồi hay chưa. Muốn biết, hãy mở ${details.issuerUrl}/verify/${details.code}`
}

export function verificationReport(outcome: VerifyOutcome): { lines: string[]; exitCode: 0 | 1 } {
  if (outcome.ok) {
    const head =
      outcome.format === 'badge'
        ? `✓ HỢP LỆ: chữ ký số đúng (huy hiệu Open Badges, RS256, khoá ${outcome.kid}).`
        : outcome.format === 'pdf'
          ? `✓ HỢP LỆ: chữ ký số đúng (chứng nhận, Ed25519, khoá ${outcome.kid}) và trang in của tệp PDF khớp với nội dung đã ký.`
          : `✓ HỢP LỆ: chữ ký số đúng (chứng nhận, Ed25519, khoá ${outcome.kid}).`
    const compare =
      outcome.format === 'pdf'
        ? '- Chương trình chỉ so trang in của chính tệp này. Nếu bạn đang xem một bản in, ảnh chụp hay một tệp khác, hãy tự so họ tên, khoá học, ngày cấp, mã và đơn vị in trên đó với nội dung đã ký ở trên.'
        : '- Huy hiệu không có trang in. Nếu bạn được xem một chứng nhận in, ảnh chụp hay tệp PDF, hãy tự so họ tên, khoá học, ngày cấp và mã in trên đó với nội dung đã ký ở trên.'
    return { lines: [head, '', 'Nội dung đã ký:', ...facts(outcome.payload), '', 'Lưu ý:', compare, revocation(outcome.payload)], exitCode: 0 }
  }
  if (outcome.failure === 'printed-mismatch' || outcome.failure === 'printed-unreadable') {
    const head =
      outcome.failure === 'printed-mismatch'
        ? ['✗ KHÔNG HỢP LỆ — KHÔNG KHỚP: chữ ký số đúng, nhưng trang in của tệp PDF khác với nội dung đã ký (tệp đã bị sửa sau khi cấp):', ...outcome.findings.map((finding) => `  - ${describeFinding(finding)}`)]
        : [`✗ KHÔNG XÁC NHẬN ĐƯỢC: chữ ký số đúng, nhưng không đọc chắc chắn được trang in của tệp PDF (${outcome.detail}), nên không thể nói tệp này hợp lệ.`]
    return {
      lines: [
        ...head,
        '',
        'Nội dung đã ký (chỉ những thông tin này là do Học Số xác nhận):',
        ...facts(outcome.payload),
        '',
        'Lưu ý:',
        '- Đừng tin những gì in trên tệp này. Hãy so từng thông tin in trên tệp (họ tên, khoá học, ngày cấp, mã, đơn vị) với nội dung đã ký ở trên.',
        '- Một tệp chỉ được mở rồi lưu lại bằng phần mềm khác cũng không còn khớp: khi đó hãy dùng tệp tải về từ Học Số, hoặc mở địa chỉ kiểm tra dưới đây.',
        revocation(outcome.payload),
      ],
      exitCode: 1,
    }
  }
  return { lines: [`✗ KHÔNG HỢP LỆ: ${outcome.reason}`], exitCode: 1 }
}
