// Vietnamese is the source catalog: every key starts here, and the English
// catalog must provide the same keys (the type checker enforces it).
export const vi = {
  'site.name': 'Học Số',
  'site.tagline': 'Tự tin dùng dịch vụ số — từng bước, theo nhịp của bạn',
  'site.description':
    'Học Số giúp người dân và cán bộ tự dùng VNeID, Cổng Dịch vụ công quốc gia và kênh phản ánh 1022 qua bài học ngắn và mô phỏng an toàn.',
  'a11y.skipToContent': 'Bỏ qua, đến nội dung chính',
  'nav.label': 'Điều hướng chính',
  'nav.home': 'Trang chủ',
  'prefs.label': 'Tuỳ chọn hiển thị',
  'prefs.textSize': 'Cỡ chữ',
  'prefs.textNormal': 'Chữ thường',
  'prefs.textLarge': 'Chữ lớn',
  'prefs.textLargeOn': 'Đang bật chữ lớn',
  'prefs.contrast': 'Độ tương phản',
  'prefs.contrastNormal': 'Màu thường',
  'prefs.contrastHigh': 'Tương phản cao',
  'prefs.language': 'Ngôn ngữ',
  'prefs.switchToOther': 'English',
  'prefs.switchToOtherLang': 'en',
  'footer.about':
    'Học Số là nơi luyện tập. Các màn hình mô phỏng không phải ứng dụng thật và không bao giờ hỏi số định danh, mật khẩu hay mã OTP thật của bạn.',
  'footer.movement': 'Một đóng góp cho phong trào “Bình dân học vụ số”.',
  'home.title': 'Học Số — học dùng dịch vụ công trực tuyến',
  'home.heading': 'Tự mình làm được thủ tục trên điện thoại',
  'home.lead':
    'Bài học ngắn bằng tiếng Việt dễ hiểu, kèm mô phỏng để bạn bấm thử mà không sợ sai. Không cần cài thêm ứng dụng, dùng tốt cả trên điện thoại cũ và mạng yếu.',
  'home.servicesHeading': 'Bạn sẽ luyện tập với',
  'home.service.vneid.title': 'Ứng dụng VNeID',
  'home.service.vneid.body':
    'Kích hoạt tài khoản định danh điện tử, dùng ví giấy tờ, thông báo lưu trú, đăng ký tạm trú.',
  'home.service.portal.title': 'Cổng Dịch vụ công quốc gia',
  'home.service.portal.body':
    'Đăng nhập bằng VNeID, tìm thủ tục, nộp hồ sơ, nộp phí và theo dõi kết quả.',
  'home.service.feedback.title': 'Kênh phản ánh, kiến nghị',
  'home.service.feedback.body':
    'Gửi phản ánh rõ ràng qua 1022 hay iHanoi và theo dõi câu trả lời của cơ quan nhà nước.',
  'home.audienceHeading': 'Dành cho ai?',
  'home.audience.resident.title': 'Người dân',
  'home.audience.resident.body':
    'Học lúc nào cũng được, chữ to, lời dễ hiểu. Làm sai thì làm lại, không ảnh hưởng gì đến giấy tờ thật.',
  'home.audience.civil.title': 'Cán bộ, công chức, viên chức',
  'home.audience.civil.body':
    'Hoàn thành chương trình bồi dưỡng bắt buộc đúng hạn và nhận chứng nhận có thể kiểm tra được.',
  'home.audience.trainer.title': 'Tổ công nghệ số cộng đồng',
  'home.audience.trainer.body':
    'Mở lớp, giao bài có hạn nộp và biết ngay ai đang gặp khó để kèm “cầm tay chỉ việc”.',
  'home.safetyHeading': 'An toàn khi luyện tập',
  'home.safetyBody':
    'Mọi màn hình mô phỏng đều ghi rõ “MÔ PHỎNG — không phải ứng dụng thật” và chỉ dùng dữ liệu giả. Đừng bao giờ nhập số định danh, mật khẩu hay mã OTP thật vào đây hay đưa cho bất kỳ ai.',
  'notFound.title': 'Không tìm thấy trang',
  'notFound.heading': 'Không tìm thấy trang này',
  'notFound.body':
    'Địa chỉ có thể bị gõ sai hoặc trang đã được chuyển đi. Bạn hãy quay về trang chủ để tiếp tục học.',
  'notFound.home': 'Về trang chủ',
  'error.title': 'Đã có lỗi xảy ra',
  'error.heading': 'Xin lỗi, đã có lỗi xảy ra',
  'error.body':
    'Hệ thống gặp sự cố khi mở trang này. Những gì bạn đã học vẫn được giữ nguyên. Vui lòng thử lại sau ít phút.',
  'error.reference': 'Mã lỗi để báo cho người hỗ trợ: {id}',
  'error.retry': 'Thử lại',
  'error.forbidden': 'Bạn không có quyền xem trang này.',
  'error.badRequest': 'Yêu cầu không hợp lệ. Vui lòng tải lại trang và thử lại.',
  'setup.title': 'Thiết lập quản trị viên đầu tiên',
  'setup.heading': 'Tạo tài khoản quản trị viên đầu tiên',
  'setup.lead':
    'Trang này chỉ dùng được một lần, khi hệ thống chưa có quản trị viên. Đường dẫn được in trên màn hình máy chủ lúc khởi động.',
  'setup.invalid':
    'Đường dẫn thiết lập không đúng hoặc đã được dùng. Nếu bạn là người vận hành, hãy khởi động lại máy chủ để nhận đường dẫn mới, hoặc chạy lệnh npm run admin:create.',
  'setup.name': 'Họ và tên',
  'setup.login': 'Số điện thoại hoặc email',
  'setup.loginHint': 'Ví dụ: 0912 345 678 hoặc ten@coquan.gov.vn',
  'setup.password': 'Mật khẩu',
  'setup.passwordHint': 'Ít nhất 12 ký tự. Nên dùng một câu dài dễ nhớ.',
  'setup.submit': 'Tạo quản trị viên',
  'setup.done': 'Đã tạo tài khoản quản trị viên. Bạn có thể đăng nhập bằng tài khoản này.',
  'form.errorSummary': 'Vui lòng sửa các lỗi bên dưới.',
  'validation.required': 'Vui lòng điền vào ô này.',
  'validation.nameTooLong': 'Họ và tên không được dài quá 100 ký tự.',
  'validation.loginInvalid': 'Hãy nhập số điện thoại di động Việt Nam (ví dụ 0912 345 678) hoặc một địa chỉ email.',
  'validation.passwordTooShort': 'Mật khẩu cần ít nhất 8 ký tự.',
  'validation.passwordTooShortAdmin': 'Mật khẩu quản trị viên cần ít nhất 12 ký tự.',
  'validation.passwordTooLong': 'Mật khẩu không được dài quá 128 ký tự.',
  'validation.loginTaken': 'Số điện thoại hoặc email này đã có tài khoản.',
} as const

export type MessageKey = keyof typeof vi
