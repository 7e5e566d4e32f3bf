// Vietnamese first, English on request. Elements name their text with data-i18n (text),
// data-i18n-placeholder, data-i18n-label (aria-label) and data-i18n-title; code asks t().
// The choice is kept in localStorage (it is no secret) and applies to every page.
const STRINGS = {
  vi: {
    'lang.switch': 'English', 'lang.switch.label': 'Switch to English',
    'app.name': 'Họp trực tuyến tỉnh Quảng Ngãi',
    'nav.home': 'Trang chủ', 'nav.secretariat': 'Văn phòng', 'nav.hall': 'Điểm cầu', 'nav.dashboard': 'Giám sát kỹ thuật',
    'home.lead': 'Chọn trang phù hợp với công việc của bạn.',
    'home.secretariat': 'Đặt lịch họp, gửi giấy mời, theo dõi điểm danh và báo cáo.',
    'home.hall': 'Điểm cầu tham gia bằng đường liên kết được cấp (kiểm tra camera, micro, mạng).',
    'home.dashboard': 'Theo dõi chất lượng từng điểm cầu trong các phiên đang diễn ra.',
    'login.title': 'Đăng nhập', 'login.token': 'Mã truy cập (token)',
    'login.help': 'Dán mã truy cập được cấp. Mã chỉ được giữ trong thẻ trình duyệt này và mất khi đóng thẻ.',
    'login.submit': 'Đăng nhập', 'login.bad': 'Mã truy cập không đúng hoặc đã bị thu hồi.',
    'login.logout': 'Đăng xuất', 'login.role': 'Vai trò: {role}',
    'tab.calendar': 'Lịch tuần', 'tab.book': 'Đặt lịch họp', 'tab.reports': 'Báo cáo',
    'cal.prev': 'Tuần trước', 'cal.next': 'Tuần sau', 'cal.today': 'Tuần này', 'cal.week': 'Tuần {from} – {to}',
    'cal.org': 'Cơ quan tổ chức', 'cal.room': 'Điểm cầu', 'cal.all': 'Tất cả', 'cal.empty': 'Không có cuộc họp',
    'cal.loading': 'Đang tải lịch…', 'cal.count': '{n} cuộc họp trong tuần',
    'day.0': 'Thứ Hai', 'day.1': 'Thứ Ba', 'day.2': 'Thứ Tư', 'day.3': 'Thứ Năm', 'day.4': 'Thứ Sáu', 'day.5': 'Thứ Bảy', 'day.6': 'Chủ Nhật',
    'status.scheduled': 'Đã lên lịch', 'status.rehearsal': 'Đang kiểm tra kết nối', 'status.live': 'Đang họp',
    'status.ended': 'Đã kết thúc', 'status.postponed': 'Hoãn', 'status.cancelled': 'Đã hủy',
    'type.briefing': 'Giao ban', 'type.work_resolution': 'Giải quyết công việc', 'type.advisory': 'Tham mưu, tư vấn',
    'type.coordination': 'Phối hợp', 'type.professional': 'Chuyên môn', 'type.thematic': 'Chuyên đề',
    'type.review': 'Tổng kết, sơ kết', 'type.training': 'Tập huấn', 'type.other': 'Khác (ngoài Quyết định 45)',
    'book.title': 'Tiêu đề cuộc họp', 'book.type': 'Loại cuộc họp', 'book.organiser': 'Cơ quan tổ chức',
    'book.chair': 'Người chủ trì', 'book.chair_position': 'Chức vụ người chủ trì', 'book.host': 'Điểm cầu chủ trì',
    'book.date': 'Ngày họp', 'book.start': 'Giờ bắt đầu', 'book.end': 'Giờ kết thúc',
    'book.invite': 'Mời tham dự', 'book.invite.help': 'Chọn nhóm điểm cầu, ví dụ “mọi xã của huyện …”.',
    'book.invite.level': 'Cấp', 'book.invite.under': 'Thuộc', 'book.invite.add': 'Thêm nhóm', 'book.invite.remove': 'Bỏ nhóm này',
    'level.any': 'Mọi cấp', 'level.province': 'Tỉnh', 'level.department': 'Sở, ngành', 'level.district': 'Huyện, thị xã, thành phố', 'level.commune': 'Xã, phường, thị trấn',
    'under.anywhere': 'toàn tỉnh',
    'book.ad_hoc': 'Họp đột xuất', 'book.ad_hoc_reason': 'Lý do họp đột xuất',
    'book.recurrence': 'Lặp lại', 'rec.none': 'Không lặp', 'rec.weekly': 'Hằng tuần', 'rec.monthly': 'Hằng tháng',
    'book.count': 'Số buổi', 'book.document': 'Tài liệu họp (không bắt buộc)', 'book.doc_title': 'Tên tài liệu',
    'book.doc_link': 'Đường dẫn tài liệu', 'book.doc_sent': 'Ngày gửi tài liệu',
    'book.check': 'Kiểm tra', 'book.submit': 'Đặt lịch', 'book.checking': 'Đang kiểm tra theo quy định…',
    'book.valid': 'Hợp lệ theo quy định: {n} buổi, {rooms} điểm cầu.',
    'book.invalid': 'Chưa đúng quy định ({n}). Sửa các mục được đánh dấu:',
    'book.conflicts': 'Trùng lịch với {n} cuộc họp đã đặt:',
    'book.conflict.room': 'Điểm cầu {room} bận: “{title}” {start}–{end}',
    'book.conflict.chair': 'Người chủ trì đã chủ trì “{title}” {start}–{end}',
    'book.booked': 'Đã đặt lịch: “{title}” (số {id}).', 'book.failed': 'Không đặt được lịch.',
    'book.article': 'Căn cứ: {article}',
    'why.invitation_lead_time': 'giấy mời phải đến các đại biểu trước ít nhất {days} ngày làm việc so với ngày họp {meeting}, tức là chậm nhất ngày {by}; nếu đặt hôm nay ({issued}) là muộn. Họp đột xuất có nêu lý do thì được miễn.',
    'why.document_lead_time': 'tài liệu “{doc}” phải gửi trước ít nhất {days} ngày làm việc so với ngày họp {meeting}, tức là chậm nhất ngày {by}; tài liệu được gửi ngày {sent}.',
    'why.max_length': 'cuộc họp loại này kéo dài tối đa {limit}; cuộc họp này {length}.', 'why.occurrence': 'Buổi họp ngày {date}: {text}',
    'why.ad_hoc_reason': 'họp đột xuất chỉ được miễn thời hạn gửi giấy mời khi nêu rõ lý do.',
    'rule.max_length': 'Thời lượng tối đa', 'rule.invitation_lead_time': 'Thời hạn gửi giấy mời',
    'rule.document_lead_time': 'Thời hạn gửi tài liệu', 'rule.ad_hoc_reason': 'Lý do họp đột xuất',
    'detail.title': 'Chi tiết cuộc họp', 'detail.close': 'Đóng', 'detail.when': 'Thời gian', 'detail.chair': 'Chủ trì',
    'detail.host': 'Điểm cầu chủ trì', 'detail.rooms': 'Số điểm cầu', 'detail.status': 'Trạng thái',
    'detail.ics': 'Tải giấy mời (.ics)', 'detail.attendance': 'Điểm danh', 'detail.attendance_csv': 'Tải điểm danh (CSV)',
    'detail.reason': 'Lý do', 'detail.cancel': 'Hủy cuộc họp', 'detail.postpone': 'Hoãn cuộc họp',
    'detail.reason_needed': 'Cần nhập lý do.', 'detail.done': 'Đã cập nhật.',
    'att.room': 'Điểm cầu', 'att.present': 'Có mặt', 'att.minutes': 'Số phút kết nối', 'att.yes': 'Có', 'att.no': 'Vắng',
    'report.month': 'Tháng', 'report.org': 'Cơ quan', 'report.show': 'Xem báo cáo',
    'report.meetings': 'Số cuộc họp', 'report.invited': 'Điểm cầu được mời', 'report.present': 'Điểm cầu có mặt',
    'report.rate': 'Tỷ lệ tham dự', 'report.empty': 'Không có số liệu trong tháng này.',
    'error.network': 'Mất kết nối tới máy chủ. Đang thử lại…', 'error.generic': 'Có lỗi: {detail}',
    'hall.title': 'Tham gia cuộc họp', 'hall.nolink': 'Đường liên kết không có mã của điểm cầu. Hãy mở đúng đường liên kết được cấp.',
    'hall.checking': 'Đang tìm cuộc họp của điểm cầu…', 'hall.none': 'Chưa có cuộc họp nào được đặt cho điểm cầu này.',
    'hall.notyet': 'Cuộc họp chưa mở. {detail} Trang sẽ tự kiểm tra lại.', 'hall.badtoken': 'Mã của điểm cầu không hợp lệ hoặc đã bị thu hồi. Liên hệ văn phòng để được cấp lại đường liên kết.',
    'hall.meeting': 'Cuộc họp: {title}', 'hall.when': 'Thời gian: {start} – {end}',
    'hall.insecure': 'trang phải được mở bằng https:// (hỏi bộ phận kỹ thuật đường liên kết đúng)', 'hall.devices': 'Thiết bị và đường truyền', 'hall.camera': 'Camera', 'hall.mic': 'Micro', 'hall.preview': 'Hình ảnh xem trước từ camera',
    'hall.level': 'Mức âm thanh micro', 'hall.level.silent': 'Không nghe thấy tiếng — hãy nói thử hoặc chọn micro khác.',
    'hall.level.ok': 'Micro hoạt động tốt.', 'hall.nodevice': 'Không mở được camera hoặc micro: {detail}',
    'hall.network': 'Kiểm tra mạng', 'hall.network.run': 'Kiểm tra lại mạng', 'hall.network.running': 'Đang đo đường truyền…',
    'hall.network.result': 'Độ trễ khứ hồi trung bình {avg} ms (cao nhất {max} ms), mất {lost}/{n} lần đo: {verdict}.',
    'hall.network.good': 'đường truyền tốt', 'hall.network.fair': 'đường truyền tạm được', 'hall.network.poor': 'đường truyền kém, hình ảnh có thể bị giật',
    'hall.join': 'Vào họp', 'hall.join_muted': 'Vào họp, tắt micro', 'hall.leave': 'Rời cuộc họp',
    'hall.mute': 'Tắt micro', 'hall.unmute': 'Bật micro', 'hall.muted_talking': 'Bạn đang tắt micro — mọi người không nghe thấy bạn.',
    'hall.unavailable': 'Máy chủ này chưa hỗ trợ tham gia họp bằng trình duyệt. Điểm cầu hãy dùng thiết bị hội nghị truyền hình (RTP) theo thông số được cấp.',
    'hall.rtp': 'Thông số cho thiết bị: địa chỉ {address}, cổng hình {video}, cổng tiếng {audio}.',
    'hall.connecting': 'Đang kết nối vào cuộc họp…', 'hall.connected': 'Đã vào họp.',
    'hall.reconnecting': 'Mất kết nối. Đang tự kết nối lại (lần {n})…', 'hall.retry_in': 'Kết nối lại sau {s} giây.',
    'hall.full': 'Máy chủ đang đầy. Tự thử lại sau {s} giây.', 'hall.left': 'Bạn đã rời cuộc họp.', 'hall.rejoin': 'Vào lại',
    'hall.ended': 'Cuộc họp đã kết thúc.', 'hall.live': 'Hình ảnh cuộc họp',
    'dash.sessions': 'Phiên đang chạy', 'dash.none': 'Không có phiên nào đang chạy.', 'dash.alarms': 'Cảnh báo',
    'dash.noalarms': 'Chưa có cảnh báo.', 'dash.nodes': 'Máy chủ media', 'dash.updated': 'Cập nhật lúc {time}',
    'dash.stale': 'Không cập nhật được ({detail}); đang thử lại.', 'dash.legs': '{n} điểm cầu',
    'dash.upstream': 'cầu nối lên Trung ương, cổng {video}/{audio}',
    'dash.hall': 'Điểm cầu', 'dash.state': 'Trạng thái', 'dash.loss': 'Mất gói %', 'dash.jitter': 'Jitter ms',
    'dash.rtt': 'RTT ms', 'dash.fps': 'Khung hình/giây', 'dash.bitrate': 'Tốc độ kbps (vào/ra)', 'dash.last': 'Gói cuối',
    'dash.cpu': 'CPU {cores} nhân', 'dash.outfps': 'Hình ghép {fps} khung/giây', 'dash.node_state': '{name}: {state}, {online}, tối đa {cap} điểm cầu', 'dash.node_load': 'Đang phục vụ {n} điểm cầu trong {s} phiên, CPU {cores} nhân',
    'node.enabled': 'đang nhận phiên', 'node.cordoned': 'không nhận phiên mới', 'node.disabled': 'tạm dừng',
    'dash.online': 'trực tuyến', 'dash.offline': 'mất kết nối', 'dash.forbidden': 'Vai trò này không xem được máy chủ media.',
    'state.ok': 'Tốt', 'state.degraded': 'Suy giảm', 'state.lost': 'Mất tín hiệu', 'state.connecting': 'Đang kết nối',
    'event.hall_lost': 'Mất tín hiệu điểm cầu', 'event.leg_state': 'Đổi trạng thái', 'event.loss_high': 'Mất gói cao',
    'event.video_frozen': 'Hình bị đứng', 'event.node_offline': 'Máy chủ media mất kết nối', 'event.session_open': 'Mở phiên',
    'event.session_reopened': 'Mở lại phiên', 'event.session_closed': 'Đóng phiên', 'event.meeting_live': 'Bắt đầu họp',
    'event.meeting_ended': 'Kết thúc họp', 'event.moderation': 'Điều hành',
    'ago.ms': '{n} ms trước', 'ago.s': '{n} giây trước', 'ago.never': 'chưa có',
  },
  en: {
    'lang.switch': 'Tiếng Việt', 'lang.switch.label': 'Chuyển sang tiếng Việt',
    'app.name': 'Quảng Ngãi province online meetings',
    'nav.home': 'Home', 'nav.secretariat': 'Secretariat', 'nav.hall': 'Hall', 'nav.dashboard': 'IT monitoring',
    'home.lead': 'Choose the page for your work.',
    'home.secretariat': 'Book meetings, send invitations, follow attendance and reports.',
    'home.hall': 'Halls join from the link they were given (camera, microphone and network check).',
    'home.dashboard': 'Watch every hall’s stream health in running sessions.',
    'login.title': 'Sign in', 'login.token': 'Access token',
    'login.help': 'Paste the token you were given. It stays in this browser tab only and is gone when the tab closes.',
    'login.submit': 'Sign in', 'login.bad': 'The token is wrong or has been revoked.',
    'login.logout': 'Sign out', 'login.role': 'Role: {role}',
    'tab.calendar': 'Week calendar', 'tab.book': 'Book a meeting', 'tab.reports': 'Reports',
    'cal.prev': 'Previous week', 'cal.next': 'Next week', 'cal.today': 'This week', 'cal.week': 'Week {from} – {to}',
    'cal.org': 'Organiser', 'cal.room': 'Hall', 'cal.all': 'All', 'cal.empty': 'No meetings',
    'cal.loading': 'Loading the calendar…', 'cal.count': '{n} meetings this week',
    'day.0': 'Monday', 'day.1': 'Tuesday', 'day.2': 'Wednesday', 'day.3': 'Thursday', 'day.4': 'Friday', 'day.5': 'Saturday', 'day.6': 'Sunday',
    'status.scheduled': 'Scheduled', 'status.rehearsal': 'Rehearsal', 'status.live': 'Live',
    'status.ended': 'Ended', 'status.postponed': 'Postponed', 'status.cancelled': 'Cancelled',
    'type.briefing': 'Briefing', 'type.work_resolution': 'Work resolution', 'type.advisory': 'Advisory',
    'type.coordination': 'Coordination', 'type.professional': 'Professional', 'type.thematic': 'Thematic',
    'type.review': 'Review', 'type.training': 'Training', 'type.other': 'Other (outside Decision 45)',
    'book.title': 'Meeting title', 'book.type': 'Meeting type', 'book.organiser': 'Organiser',
    'book.chair': 'Chair', 'book.chair_position': 'Chair’s position', 'book.host': 'Host hall',
    'book.date': 'Date', 'book.start': 'Start time', 'book.end': 'End time',
    'book.invite': 'Invite', 'book.invite.help': 'Choose groups of halls, e.g. “every commune of district …”.',
    'book.invite.level': 'Level', 'book.invite.under': 'Under', 'book.invite.add': 'Add group', 'book.invite.remove': 'Remove this group',
    'level.any': 'Every level', 'level.province': 'Province', 'level.department': 'Departments', 'level.district': 'Districts', 'level.commune': 'Communes',
    'under.anywhere': 'the whole province',
    'book.ad_hoc': 'Ad-hoc meeting', 'book.ad_hoc_reason': 'Reason for the ad-hoc meeting',
    'book.recurrence': 'Repeat', 'rec.none': 'Does not repeat', 'rec.weekly': 'Weekly', 'rec.monthly': 'Monthly',
    'book.count': 'Occurrences', 'book.document': 'Meeting document (optional)', 'book.doc_title': 'Document title',
    'book.doc_link': 'Document link', 'book.doc_sent': 'Date the document was sent',
    'book.check': 'Check', 'book.submit': 'Book', 'book.checking': 'Checking against the rules…',
    'book.valid': 'Within the rules: {n} occurrence(s), {rooms} halls.',
    'book.invalid': 'Not within the rules ({n}). Correct the marked fields:',
    'book.conflicts': 'Overlaps {n} booked meeting(s):',
    'book.conflict.room': 'Hall {room} is busy: “{title}” {start}–{end}',
    'book.conflict.chair': 'The chair already chairs “{title}” {start}–{end}',
    'book.booked': 'Booked: “{title}” (number {id}).', 'book.failed': 'The meeting was not booked.',
    'book.article': 'Under: {article}',
    'rule.max_length': 'Maximum length', 'rule.invitation_lead_time': 'Invitation lead time',
    'rule.document_lead_time': 'Document lead time', 'rule.ad_hoc_reason': 'Ad-hoc reason',
    'detail.title': 'Meeting details', 'detail.close': 'Close', 'detail.when': 'When', 'detail.chair': 'Chair',
    'detail.host': 'Host hall', 'detail.rooms': 'Halls', 'detail.status': 'Status',
    'detail.ics': 'Download invitation (.ics)', 'detail.attendance': 'Attendance', 'detail.attendance_csv': 'Download attendance (CSV)',
    'detail.reason': 'Reason', 'detail.cancel': 'Cancel the meeting', 'detail.postpone': 'Postpone the meeting',
    'detail.reason_needed': 'A reason is required.', 'detail.done': 'Updated.',
    'att.room': 'Hall', 'att.present': 'Present', 'att.minutes': 'Minutes connected', 'att.yes': 'Yes', 'att.no': 'Absent',
    'report.month': 'Month', 'report.org': 'Organisation', 'report.show': 'Show report',
    'report.meetings': 'Meetings', 'report.invited': 'Halls invited', 'report.present': 'Halls present',
    'report.rate': 'Attendance rate', 'report.empty': 'No figures for this month.',
    'error.network': 'The server cannot be reached. Retrying…', 'error.generic': 'Error: {detail}',
    'hall.title': 'Join the meeting', 'hall.nolink': 'This link carries no hall credential. Open the link you were given.',
    'hall.checking': 'Looking for this hall’s meeting…', 'hall.none': 'No meeting is booked for this hall.',
    'hall.notyet': 'The meeting is not open yet. {detail} This page checks again by itself.', 'hall.badtoken': 'This hall’s credential is not valid or was revoked. Ask the secretariat for a new link.',
    'hall.meeting': 'Meeting: {title}', 'hall.when': 'Time: {start} – {end}',
    'hall.insecure': 'the page must be opened over https:// (ask IT staff for the right link)', 'hall.devices': 'Devices and network', 'hall.camera': 'Camera', 'hall.mic': 'Microphone', 'hall.preview': 'Camera preview',
    'hall.level': 'Microphone level', 'hall.level.silent': 'No sound heard — speak, or choose another microphone.',
    'hall.level.ok': 'The microphone works.', 'hall.nodevice': 'The camera or microphone could not be opened: {detail}',
    'hall.network': 'Network check', 'hall.network.run': 'Check the network again', 'hall.network.running': 'Measuring the connection…',
    'hall.network.result': 'Round trip {avg} ms on average ({max} ms at most), {lost}/{n} lost: {verdict}.',
    'hall.network.good': 'good connection', 'hall.network.fair': 'fair connection', 'hall.network.poor': 'poor connection, the picture may stutter',
    'hall.join': 'Join', 'hall.join_muted': 'Join muted', 'hall.leave': 'Leave',
    'hall.mute': 'Mute', 'hall.unmute': 'Unmute', 'hall.muted_talking': 'You are muted — nobody hears you.',
    'hall.unavailable': 'Browser joining is not available on this server yet. Join with the hall’s video-conference unit (RTP) using the settings below.',
    'hall.rtp': 'Unit settings: address {address}, video port {video}, audio port {audio}.',
    'hall.connecting': 'Connecting to the meeting…', 'hall.connected': 'In the meeting.',
    'hall.reconnecting': 'Connection lost. Reconnecting by itself (attempt {n})…', 'hall.retry_in': 'Reconnecting in {s} s.',
    'hall.full': 'The server is full. Trying again in {s} s.', 'hall.left': 'You left the meeting.', 'hall.rejoin': 'Join again',
    'hall.ended': 'The meeting has ended.', 'hall.live': 'The meeting',
    'dash.sessions': 'Running sessions', 'dash.none': 'No session is running.', 'dash.alarms': 'Alarms',
    'dash.noalarms': 'No alarms yet.', 'dash.nodes': 'Media nodes', 'dash.updated': 'Updated at {time}',
    'dash.stale': 'Not updating ({detail}); retrying.', 'dash.legs': '{n} halls',
    'dash.upstream': 'upstream bridge, ports {video}/{audio}',
    'dash.hall': 'Hall', 'dash.state': 'State', 'dash.loss': 'Loss %', 'dash.jitter': 'Jitter ms',
    'dash.rtt': 'RTT ms', 'dash.fps': 'Frames/s', 'dash.bitrate': 'Bitrate kbps (in/out)', 'dash.last': 'Last packet',
    'dash.cpu': 'CPU {cores} cores', 'dash.outfps': 'Composite {fps} fps', 'dash.node_state': '{name}: {state}, {online}, up to {cap} halls', 'dash.node_load': 'Serving {n} halls in {s} sessions, CPU {cores} cores',
    'node.enabled': 'enabled', 'node.cordoned': 'cordoned', 'node.disabled': 'disabled',
    'dash.online': 'online', 'dash.offline': 'offline', 'dash.forbidden': 'This role cannot see the media nodes.',
    'state.ok': 'OK', 'state.degraded': 'Degraded', 'state.lost': 'Lost', 'state.connecting': 'Connecting',
    'event.hall_lost': 'Hall lost', 'event.leg_state': 'State change', 'event.loss_high': 'High loss',
    'event.video_frozen': 'Video frozen', 'event.node_offline': 'Media node offline', 'event.session_open': 'Session opened',
    'event.session_reopened': 'Session reopened', 'event.session_closed': 'Session closed', 'event.meeting_live': 'Meeting live',
    'event.meeting_ended': 'Meeting ended', 'event.moderation': 'Moderation',
    'ago.ms': '{n} ms ago', 'ago.s': '{n} s ago', 'ago.never': 'none yet',
  },
};

const LANG_KEY = 'meetingd.lang';
const listeners = [];

export function lang() { return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi'; }

export function t(key, params = {}) {
  const s = STRINGS[lang()][key] ?? STRINGS.vi[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (params[k] ?? `{${k}}`));
}

export function applyI18n(root = document) {
  document.documentElement.lang = lang();
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
}

export function onLanguageChange(fn) { listeners.push(fn); }

// Wires the header's language button (id="lang") and translates the page.
export function initI18n() {
  const button = document.getElementById('lang');
  const label = () => {
    if (!button) return;
    button.textContent = t('lang.switch');
    button.setAttribute('aria-label', t('lang.switch.label'));
    button.lang = lang() === 'vi' ? 'en' : 'vi';
  };
  button?.addEventListener('click', () => {
    localStorage.setItem(LANG_KEY, lang() === 'vi' ? 'en' : 'vi');
    applyI18n();
    label();
    for (const fn of listeners) fn();
  });
  applyI18n();
  label();
}

// Numbers and times in the page's language; times shown in the meeting's zone (+07:00).
export function formatTime(iso) { return iso ? iso.slice(11, 16) : ''; }
export function formatDate(isoDate) {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return lang() === 'vi' ? `${d}/${m}/${y}` : `${d}/${m}/${y}`;
}
export function formatNumber(n, digits = 0) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  return Number(n).toLocaleString(lang() === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
