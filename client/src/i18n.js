// Vietnamese first; English on request. The choice is kept in a cookie the server reads too.
const dict = {
  vi: {
    app: 'Kỳ họp HĐND', login: 'Đăng nhập', logout: 'Đăng xuất', username: 'Tên đăng nhập', password: 'Mật khẩu',
    members: 'Đại biểu & tài khoản', sessions: 'Kỳ họp', council: 'Hội đồng', language: 'English',
    full_name: 'Họ và tên', role: 'Vai trò', title: 'Chức vụ', constituency: 'Đơn vị bầu cử', groups: 'Nhóm',
    active: 'Hoạt động', save: 'Lưu', cancel: 'Hủy', add: 'Thêm', edit: 'Sửa', delete: 'Xóa', create: 'Tạo',
    add_member: 'Thêm thành viên', import_csv: 'Nhập từ tệp CSV', import: 'Nhập', imported: 'Đã nhập',
    import_help: 'Cột: username, full_name, role, title, constituency, groups (phân cách bằng ;), password. Tệp có lỗi sẽ không được nhập dòng nào.',
    initial_password: 'Mật khẩu ban đầu (chỉ hiện một lần)', row: 'Dòng', field: 'Trường', error: 'Lỗi',
    number: 'Số', kind: 'Loại', start_date: 'Ngày bắt đầu', end_date: 'Ngày kết thúc', location: 'Địa điểm',
    status: 'Trạng thái', new_session: 'Tạo kỳ họp mới', agenda: 'Chương trình kỳ họp', open: 'Mở',
    publish: 'Công bố', unpublish: 'Chuyển về nháp', add_item: 'Thêm mục', add_child: 'Thêm mục con',
    planned_minutes: 'Phút', presenter: 'Người trình bày', up: 'Lên', down: 'Xuống', indent: 'Thụt vào', outdent: 'Lùi ra',
    live: 'Theo dõi trực tiếp', console: 'Điều hành', hall_display: 'Màn hình hội trường',
    current_item: 'Nội dung đang thảo luận', back_to_current: 'Về nội dung hiện tại', check_in: 'Điểm danh',
    checked_in: 'Đã điểm danh', present: 'Có mặt', absent: 'Vắng mặt', excused: 'Vắng có lý do', reason: 'Lý do',
    attendance: 'Điểm danh', quorum_met: 'Đủ số đại biểu', quorum_not_met: 'Chưa đủ số đại biểu',
    present_of: 'Có mặt', required: 'Cần tối thiểu', open_session: 'Khai mạc', close_session: 'Bế mạc',
    pause: 'Tạm dừng', resume: 'Tiếp tục', next: 'Nội dung tiếp', previous: 'Nội dung trước', goto: 'Chuyển đến',
    message: 'Thông báo tới các màn hình', send: 'Gửi', clear: 'Xóa thông báo', paused: 'Tạm dừng',
    seat_msg: 'Đề nghị các đại biểu về chỗ ngồi', break_msg: 'Giải lao 15 phút', resume_msg: 'Đề nghị các đại biểu trở lại hội trường',
    offline: 'Mất kết nối — đang kết nối lại…', online: 'Đã kết nối', sure_close: 'Bế mạc kỳ họp? Thao tác này không thể hoàn tác.',
    no_sessions: 'Chưa có kỳ họp nào.', sittings: 'Phiên họp', you: 'Bạn', follow: 'Theo chủ tọa',
    browsing: 'Bạn đang xem nội dung khác', kind_regular: 'Thường lệ', kind_thematic: 'Chuyên đề', kind_extraordinary: 'Bất thường',
    st_draft: 'Nháp', st_published: 'Đã công bố', st_in_progress: 'Đang họp', st_closed: 'Đã bế mạc',
    role_admin: 'Quản trị', role_secretary: 'Thư ký', role_chair: 'Chủ tọa', role_delegate: 'Đại biểu',
    role_guest: 'Khách mời', role_display: 'Màn hình',
    ik_procedural: 'Thủ tục', ik_report: 'Báo cáo', ik_submission: 'Tờ trình', ik_discussion_group: 'Thảo luận tổ',
    ik_discussion_plenary: 'Thảo luận hội trường', ik_questioning: 'Chất vấn', ik_explanation: 'Giải trình', ik_voting: 'Biểu quyết',
    not_started: 'Kỳ họp chưa khai mạc', ended: 'Kỳ họp đã bế mạc', delegates: 'đại biểu', minutes_short: 'phút',
    saved: 'Đã lưu', mark: 'Điểm danh hộ', roll: 'Danh sách đại biểu',
    ans_for: 'Tán thành', ans_against: 'Không tán thành', ans_abstain: 'Không biểu quyết', ans_did_not_vote: 'Chưa biểu quyết', ans_absent: 'Vắng mặt',
    rate_high: 'Tín nhiệm cao', rate_medium: 'Tín nhiệm', rate_low: 'Tín nhiệm thấp', none_kept: '(gạch tất cả)',
    secret_ballot: 'Bỏ phiếu kín', open_vote: 'Biểu quyết công khai', not_entitled: 'Bạn không biểu quyết lượt này (chưa điểm danh khi bắt đầu).',
    recorded: 'Đã ghi nhận phiếu của bạn', receipt: 'Mã phiếu của bạn', you_chose: 'Bạn chọn', confirm: 'Xác nhận', choose_again: 'Chọn lại',
    strike_hint: 'Chạm vào tên để gạch (không bầu) hoặc giữ lại.', next_step: 'Tiếp tục', poll_cancelled: 'Cuộc biểu quyết đã bị hủy.',
    total: 'Tổng số đại biểu', cast: 'Số phiếu', did_not_vote: 'Chưa biểu quyết', passed: 'ĐƯỢC THÔNG QUA', failed: 'KHÔNG ĐƯỢC THÔNG QUA',
    named_list: 'Danh sách biểu quyết', elected: 'Trúng cử', tie: 'Bằng phiếu — bầu lại', low_two_thirds: '≥ 2/3 tín nhiệm thấp', low_over_half: '> 1/2 tín nhiệm thấp',
    docs_synced: 'Tài liệu đã đồng bộ', search_in_doc: 'Tìm trong tài liệu', no_results: 'Không tìm thấy', page: 'trang', back: 'Quay lại', version: 'Bản', versions: 'Các bản', fit: 'Vừa khung', search: 'Tìm',
    documents: 'Tài liệu', upload: 'Tải lên', upload_revision: 'Tải bản sửa đổi', doc_updated: 'Tài liệu đã cập nhật', packet: 'Tập tài liệu kỳ họp (PDF)',
    acc_public: 'Công khai', acc_delegates: 'Chỉ đại biểu', acc_confidential: 'Không phổ biến (có tên người đọc)', session_docs: 'Tài liệu chung',
    dk_submission: 'Tờ trình', dk_draft_resolution: 'Dự thảo nghị quyết', dk_review_report: 'Báo cáo thẩm tra', dk_ubnd_opinion: 'Ý kiến UBND', dk_annex: 'Phụ lục', dk_report: 'Báo cáo', dk_other: 'Khác',
    my_votes: 'Biểu quyết của tôi', my_choice: 'Lựa chọn của tôi', secret_voted: 'đã bỏ phiếu (kín)', check_receipt: 'Kiểm tra phiếu của tôi', receipt_counted: 'Phiếu của bạn đã được kiểm', receipt_missing: 'Không tìm thấy mã phiếu của bạn trong kết quả!',
    voted: 'Đã biểu quyết', close_poll: 'Kết thúc biểu quyết', cancel_poll: 'Hủy', sure_cancel: 'Hủy cuộc biểu quyết này?',
    open_poll: 'Mở biểu quyết', repeat_poll: 'Biểu quyết lại', new_poll: 'Chuẩn bị biểu quyết', poll_title: 'Nội dung biểu quyết',
    pk_open: 'Công khai', pk_secret: 'Bỏ phiếu kín', pk_election: 'Bầu cử', pk_confidence: 'Lấy phiếu tín nhiệm',
    preset_resolution: 'Quá 1/2 tổng số ĐB', preset_dismissal: 'Ít nhất 2/3 tổng số ĐB', preset_procedural: 'Quá 1/2 số ĐB có mặt',
    duration_s: 'Giây', seats: 'Số cần bầu', changeable: 'Cho sửa phiếu', options_hint: 'Mỗi dòng một người (bầu cử / lấy phiếu tín nhiệm)',
    ps_draft: 'Chuẩn bị', ps_open: 'Đang biểu quyết', ps_closed: 'Đã kết thúc', ps_cancelled: 'Đã hủy', polls: 'Biểu quyết',
  },
  en: {
    app: 'Council session', login: 'Log in', logout: 'Log out', username: 'Username', password: 'Password',
    members: 'Delegates & accounts', sessions: 'Sessions', council: 'Council', language: 'Tiếng Việt',
    full_name: 'Full name', role: 'Role', title: 'Title', constituency: 'Constituency', groups: 'Groups',
    active: 'Active', save: 'Save', cancel: 'Cancel', add: 'Add', edit: 'Edit', delete: 'Delete', create: 'Create',
    add_member: 'Add member', import_csv: 'Import from CSV', import: 'Import', imported: 'Imported',
    import_help: 'Columns: username, full_name, role, title, constituency, groups (separated by ;), password. A file with any error imports nothing.',
    initial_password: 'Initial password (shown once)', row: 'Row', field: 'Field', error: 'Error',
    number: 'Number', kind: 'Kind', start_date: 'Start date', end_date: 'End date', location: 'Location',
    status: 'Status', new_session: 'New session', agenda: 'Agenda', open: 'Open',
    publish: 'Publish', unpublish: 'Back to draft', add_item: 'Add item', add_child: 'Add sub-item',
    planned_minutes: 'Minutes', presenter: 'Presenter', up: 'Up', down: 'Down', indent: 'Indent', outdent: 'Outdent',
    live: 'Follow live', console: 'Console', hall_display: 'Hall display',
    current_item: 'Current item', back_to_current: 'Back to current item', check_in: 'Check in',
    checked_in: 'Checked in', present: 'Present', absent: 'Absent', excused: 'Excused', reason: 'Reason',
    attendance: 'Attendance', quorum_met: 'Quorum met', quorum_not_met: 'No quorum',
    present_of: 'Present', required: 'Required', open_session: 'Open session', close_session: 'Close session',
    pause: 'Pause', resume: 'Resume', next: 'Next item', previous: 'Previous item', goto: 'Go to',
    message: 'Message to all screens', send: 'Send', clear: 'Clear message', paused: 'Paused',
    seat_msg: 'Delegates, please take your seats', break_msg: '15-minute break', resume_msg: 'Delegates, please return to the hall',
    offline: 'Connection lost — reconnecting…', online: 'Connected', sure_close: 'Close the session? This cannot be undone.',
    no_sessions: 'No sessions yet.', sittings: 'Sittings', you: 'You', follow: 'Follow the chair',
    browsing: 'You are viewing another item', kind_regular: 'Regular', kind_thematic: 'Thematic', kind_extraordinary: 'Extraordinary',
    st_draft: 'Draft', st_published: 'Published', st_in_progress: 'In progress', st_closed: 'Closed',
    role_admin: 'Administrator', role_secretary: 'Secretary', role_chair: 'Chair', role_delegate: 'Delegate',
    role_guest: 'Guest', role_display: 'Display',
    ik_procedural: 'Procedural', ik_report: 'Report', ik_submission: 'Submission', ik_discussion_group: 'Group discussion',
    ik_discussion_plenary: 'Plenary discussion', ik_questioning: 'Questioning', ik_explanation: 'Explanation', ik_voting: 'Voting',
    not_started: 'The session has not been opened', ended: 'The session is closed', delegates: 'delegates', minutes_short: 'min',
    saved: 'Saved', mark: 'Mark', roll: 'Roll',
    ans_for: 'For', ans_against: 'Against', ans_abstain: 'Abstain', ans_did_not_vote: 'Did not vote', ans_absent: 'Absent',
    rate_high: 'High confidence', rate_medium: 'Confidence', rate_low: 'Low confidence', none_kept: '(all struck)',
    secret_ballot: 'Secret ballot', open_vote: 'Open vote', not_entitled: 'You do not vote in this poll (not checked in when it opened).',
    recorded: 'Your ballot is recorded', receipt: 'Your receipt', you_chose: 'You chose', confirm: 'Confirm', choose_again: 'Choose again',
    strike_hint: 'Tap a name to strike it (not elected) or keep it.', next_step: 'Continue', poll_cancelled: 'The poll was cancelled.',
    total: 'All delegates', cast: 'Ballots', did_not_vote: 'Did not vote', passed: 'PASSED', failed: 'NOT PASSED',
    named_list: 'How each delegate voted', elected: 'Elected', tie: 'Tie — new round', low_two_thirds: '≥ 2/3 low confidence', low_over_half: '> 1/2 low confidence',
    docs_synced: 'Documents synced', search_in_doc: 'Search this document', no_results: 'Not found', page: 'page', back: 'Back', version: 'Version', versions: 'Versions', fit: 'Fit', search: 'Search',
    documents: 'Documents', upload: 'Upload', upload_revision: 'Upload a revision', doc_updated: 'Document updated', packet: 'Session packet (PDF)',
    acc_public: 'Public', acc_delegates: 'Delegates only', acc_confidential: 'Confidential (reader-stamped)', session_docs: 'Session documents',
    dk_submission: 'Submission', dk_draft_resolution: 'Draft resolution', dk_review_report: 'Review report', dk_ubnd_opinion: 'People\'s Committee opinion', dk_annex: 'Annex', dk_report: 'Report', dk_other: 'Other',
    my_votes: 'My votes', my_choice: 'My choice', secret_voted: 'voted (secret)', check_receipt: 'Check my ballot', receipt_counted: 'Your ballot was counted', receipt_missing: 'Your receipt is not in the result!',
    voted: 'Voted', close_poll: 'Close poll', cancel_poll: 'Cancel', sure_cancel: 'Cancel this poll?',
    open_poll: 'Open poll', repeat_poll: 'Repeat vote', new_poll: 'Prepare a poll', poll_title: 'What is voted on',
    pk_open: 'Open vote', pk_secret: 'Secret ballot', pk_election: 'Election', pk_confidence: 'Confidence rating',
    preset_resolution: '> 1/2 of all delegates', preset_dismissal: '≥ 2/3 of all delegates', preset_procedural: '> 1/2 of those present',
    duration_s: 'Seconds', seats: 'Seats', changeable: 'Changeable', options_hint: 'One person per line (election / confidence rating)',
    ps_draft: 'Prepared', ps_open: 'Open', ps_closed: 'Closed', ps_cancelled: 'Cancelled', polls: 'Polls',
  },
};

export let lang = (document.cookie.match(/(?:^|; )kyhop_lang=(vi|en)/) || [])[1] || 'vi';
document.documentElement.lang = lang;

export function t(key) {
  return dict[lang][key] ?? dict.vi[key] ?? key;
}

export function toggleLang() {
  lang = lang === 'vi' ? 'en' : 'vi';
  document.cookie = `kyhop_lang=${lang}; path=/; max-age=31536000; samesite=lax`;
  document.documentElement.lang = lang;
}

export function errorText(err) {
  const e = err?.data?.error;
  if (!e) return String(err?.message || err);
  return (lang === 'en' ? e.message_en : e.message_vi) || e.message || e.code;
}
