import { type Locale } from '.'

// The privacy notice is a document rather than interface text, so it lives
// beside the catalogs as structured sections in each language.
export type PrivacySection = { heading: string; paragraphs: string[] }
export type PrivacyNotice = { title: string; updated: string; intro: string; sections: PrivacySection[] }

const vi: PrivacyNotice = {
  title: 'Thông báo về quyền riêng tư',
  updated: 'Cập nhật tháng 12/2026',
  intro:
    'Học Số là nơi học và luyện tập sử dụng dịch vụ công trực tuyến. Trang này cho bạn biết chúng tôi lưu những gì về bạn, để làm gì, ai được xem và bạn có những quyền gì theo Luật Bảo vệ dữ liệu cá nhân (Luật số 91/2025/QH15, có hiệu lực từ 1/1/2026) và Nghị định 356/2025/NĐ-CP.',
  sections: [
    {
      heading: 'Chúng tôi lưu những gì',
      paragraphs: [
        'Họ và tên; số điện thoại hoặc email bạn dùng để đăng nhập; bạn là người dân hay cán bộ, công chức, viên chức; với cán bộ: cơ quan và chức vụ; đơn vị hành chính nơi bạn ở hoặc làm việc (nếu bạn chọn); ngôn ngữ và cỡ chữ bạn thích.',
        'Mật khẩu của bạn chỉ được lưu dưới dạng đã mã hoá một chiều (argon2id): không ai, kể cả quản trị viên, đọc được mật khẩu.',
        'Phiên đăng nhập: trình duyệt giữ một mã ngẫu nhiên, máy chủ chỉ lưu dạng đã băm của mã đó. Lần đăng nhập đúng và sai, kèm địa chỉ IP, được ghi lại để chặn kẻ dò mật khẩu và tự xoá sau 24 giờ.',
        'Quá trình học: bài đã mở và đã học xong, đáp án bạn chọn và kết quả bài kiểm tra, từng bước mô phỏng đúng hay sai (không lưu những gì bạn gõ), chứng nhận đã nhận, kèm thời điểm. Nhật ký các thay đổi quan trọng của tài khoản (đổi mật khẩu, đổi vai trò).',
        'Lớp học bạn tham gia (tự vào bằng mã lớp, đồng ý lời mời của người hướng dẫn, hoặc vào ngay khi người hướng dẫn tạo tài khoản cho bạn), lời mời vào lớp bạn nhận được và câu trả lời của bạn, kèm họ tên ghi trong danh sách của người hướng dẫn, bài được giao và hạn hoàn thành, và việc bạn có mặt ở các buổi học trực tiếp do người hướng dẫn ghi lại.',
      ],
    },
    {
      heading: 'Chúng tôi không bao giờ thu thập',
      paragraphs: [
        'Số định danh cá nhân hay số thẻ căn cước thật, mật khẩu hay passcode VNeID, mã OTP, ảnh giấy tờ, ảnh khuôn mặt, vân tay. Theo Nghị định 356/2025, thông tin đăng nhập tài khoản định danh điện tử và ảnh giấy tờ tuỳ thân là dữ liệu cá nhân nhạy cảm.',
        'Các bài mô phỏng chỉ dùng dữ liệu giả (số định danh mẫu bắt đầu bằng 000). Nếu bạn gõ thứ trông giống số thật hay mã OTP thật, hệ thống nhắc bạn và không lưu lại.',
      ],
    },
    {
      heading: 'Để làm gì',
      paragraphs: [
        'Để bạn đăng nhập, học tiếp từ chỗ đã dừng, nhận chứng nhận khi hoàn thành, và để người hướng dẫn lớp của bạn biết ai cần giúp đỡ. Chúng tôi không quảng cáo và không bán dữ liệu.',
        'Đơn vị vận hành có thể cho kho dữ liệu học tập của cơ quan nhà nước quản lý phong trào lấy nhật ký học tập theo chuẩn xAPI để thống kê. Trong dữ liệu đó, bạn chỉ được nhận diện bằng một mã số, không kèm họ tên, số điện thoại hay email. Ngoài việc này, dữ liệu không được chia sẻ với bên nào khác.',
      ],
    },
    {
      heading: 'Ai được xem',
      paragraphs: [
        'Bạn. Người hướng dẫn và quản trị của lớp bạn tham gia được xem họ tên, số điện thoại hoặc email, điểm danh, và việc học của bạn ở các bài được giao cho lớp đó; họ không thấy các khoá học và bài mô phỏng khác của bạn. Khi bạn đã có tài khoản, người hướng dẫn không tự thêm bạn vào lớp được: bạn nhận lời mời, và cho đến khi bạn đồng ý, họ không thấy họ tên, vai trò, đơn vị hay việc học của bạn. Quản trị của đơn vị bạn thuộc về được xem số liệu tổng hợp của đơn vị, và với cán bộ, công chức: ai còn bài được giao đã quá hạn. Quản trị viên hệ thống được xem để vận hành và hỗ trợ. Chứng nhận của bạn có một mã công khai: ai có mã (in trên chứng nhận, trong mã QR hoặc đường dẫn bạn gửi) đều kiểm tra được và thấy đúng những gì in trên chứng nhận: họ tên lúc được cấp, khoá học, ngày cấp, đơn vị, và với cán bộ là cơ quan và chức vụ; nếu chứng nhận bị thu hồi thì thấy cả ngày và lý do thu hồi. Họ không thấy số điện thoại, email hay quá trình học của bạn. Huy hiệu số tải về chỉ chứa số điện thoại hoặc email ở dạng đã băm (kèm chuỗi ngẫu nhiên).',
      ],
    },
    {
      heading: 'Lưu ở đâu và bao lâu',
      paragraphs: [
        'Trên máy chủ của đơn vị vận hành trang Học Số này. Trang không tải gì từ máy chủ khác và không dùng dịch vụ theo dõi. Dữ liệu được giữ cho đến khi bạn xoá tài khoản.',
        'Khi bạn xoá tài khoản, họ tên, số điện thoại, email và thông tin công tác bị xoá ngay. Quá trình học được giữ ở dạng ẩn danh để thống kê. Chứng nhận đã cấp vẫn kiểm tra được nhưng ghi “người nhận đã xoá tài khoản”.',
      ],
    },
    {
      heading: 'Quyền của bạn',
      paragraphs: [
        'Bạn có quyền được biết, đồng ý hoặc rút lại sự đồng ý, xem và tải về, chỉnh sửa, xoá, hạn chế xử lý, phản đối việc xử lý dữ liệu của mình, và khiếu nại.',
        'Trên trang Tài khoản, bạn tự sửa thông tin, tải về toàn bộ dữ liệu của mình (tệp JSON) và xoá tài khoản bất cứ lúc nào. Với yêu cầu khác, hãy báo người hướng dẫn hoặc quản trị viên của trang; yêu cầu được trả lời trong 2 ngày làm việc.',
      ],
    },
    {
      heading: 'Cookie',
      paragraphs: [
        'Trang chỉ dùng cookie cần thiết: một giữ phiên đăng nhập, một nhớ ngôn ngữ, cỡ chữ và độ tương phản bạn chọn, và khi bạn học mà chưa đăng nhập, một cookie giữ tiến độ học trên máy của bạn (được chuyển vào tài khoản rồi xoá khi bạn đăng ký hoặc đăng nhập). Không có cookie quảng cáo hay theo dõi.',
      ],
    },
  ],
}

const en: PrivacyNotice = {
  title: 'Privacy notice',
  updated: 'Updated December 2026',
  intro:
    'Học Số is a place to learn and practise online public services. This page says what we keep about you, why, who can see it, and your rights under the Personal Data Protection Law (Law 91/2025/QH15, in force from 1 January 2026) and Decree 356/2025/ND-CP.',
  sections: [
    {
      heading: 'What we keep',
      paragraphs: [
        'Your full name; the phone number or email you sign in with; whether you are a resident or a civil servant; for civil servants, agency and position; the administrative unit you live or work in (if you choose one); your language and text size.',
        'Your password is stored only as a one-way hash (argon2id): nobody, administrators included, can read it.',
        'Sign-in sessions: your browser keeps a random token and the server stores only its hash. Successful and failed sign-ins, with the IP address, are recorded to stop password guessing and deleted after 24 hours.',
        'Learning records: lessons opened and finished, the answers you chose and your quiz results, whether each simulator step was right (never what you typed), certificates received, each with its time. A log of important account changes (password changes, role changes).',
        'The classes you belong to (joined with a class code, by accepting a trainer’s invitation, or at once when a trainer created your account), the class invitations you received and your answers, with the name the trainer’s list gave you, the classes’ assignments and due dates, and your attendance at in-person sessions as recorded by the trainer.',
      ],
    },
    {
      heading: 'What we never collect',
      paragraphs: [
        'Real personal identification or ID-card numbers, VNeID passwords or passcodes, OTP codes, pictures of documents, faces or fingerprints. Under Decree 356/2025, electronic-identity credentials and ID-document images are sensitive personal data.',
        'Simulators use fake data only (sample ID numbers start with 000). If you type something that looks like a real number or OTP, you are warned and nothing is kept.',
      ],
    },
    {
      heading: 'Why',
      paragraphs: [
        'So you can sign in, continue where you stopped, receive a certificate when you finish, and so your class trainer knows who needs help. No advertising and no selling of data.',
        'The organisation running the site may let the learning-record store of the state body that runs the movement pull the learning log (xAPI) for statistics. In it you are identified by a number only, never by name, phone or email. Beyond this, data is not shared with anyone.',
      ],
    },
    {
      heading: 'Who can see it',
      paragraphs: [
        'You. The trainers and admins of a class you belong to see your name, phone number or email, attendance, and your learning in that class’s assignments; they do not see your other courses and simulators. Once you have an account, a trainer cannot add you to a class by themselves: you get an invitation, and until you accept it they see nothing of your name, role, organisation or learning. Admins of the organisation you belong to see its aggregate figures and, for civil servants, who is overdue on assigned training. System administrators see it to run the site and help you. Your certificate has a public code: anyone who has it (printed on the certificate, in its QR code or in a link you send) can check it and sees exactly what the certificate shows: your name as it was when issued, the course, the date, your organisation and, for civil servants, agency and position; for a revoked certificate also the date and reason of revocation. They do not see your phone number, email or learning records. The downloadable digital badge holds your phone number or email only as a salted hash.',
      ],
    },
    {
      heading: 'Where and how long',
      paragraphs: [
        'On the servers of the organisation running this Học Số site. Pages load nothing from other servers and use no tracking services. Data is kept until you delete your account.',
        'When you delete your account, your name, phone number, email and work details are removed at once. Learning records are kept anonymously for statistics. Certificates already issued stay verifiable but say “holder removed”.',
      ],
    },
    {
      heading: 'Your rights',
      paragraphs: [
        'You may be informed, give or withdraw consent, see and download, correct, delete, restrict or object to the processing of your data, and complain.',
        'On the Account page you can correct your details, download all your data (a JSON file) and delete your account at any time. For anything else, tell your trainer or the site administrator; requests are answered within 2 working days.',
      ],
    },
    {
      heading: 'Cookies',
      paragraphs: [
        'Only necessary cookies: one keeps you signed in, one remembers your language, text size and contrast, and, while you learn without signing in, one keeps your progress on your device (moved into your account and removed when you sign up or log in). No advertising or tracking cookies.',
      ],
    },
  ],
}

export const PRIVACY_NOTICE: Record<Locale, PrivacyNotice> = { vi, en }
