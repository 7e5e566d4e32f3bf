#include "notify/invitation_text.hpp"

#include <cstdio>

namespace notify {
namespace {

using sched::DeliveryEventKind;

std::string two(unsigned v) { return (v < 10 ? "0" : "") + std::to_string(v); }

std::string clock_time(sched::Instant t, const sched::TimeZone& zone) {
  const auto local = zone.to_local(t);
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::hh_mm_ss hms{local - day};
  return two(static_cast<unsigned>(hms.hours().count())) + ":" + two(static_cast<unsigned>(hms.minutes().count()));
}

std::string date_text(sched::Instant t, const sched::TimeZone& zone) {
  const auto d = sched::local_date(zone, t);
  return two(static_cast<unsigned>(d.day())) + "/" + two(static_cast<unsigned>(d.month())) + "/" +
         std::to_string(static_cast<int>(d.year()));
}

std::string lead(DeliveryEventKind k) {
  switch (k) {
    case DeliveryEventKind::book: return "Trân trọng kính mời quý cơ quan dự cuộc họp trực tuyến sau:";
    case DeliveryEventKind::update: return "Cuộc họp trực tuyến mà quý cơ quan được mời đã được điều chỉnh như sau:";
    case DeliveryEventKind::postpone: return "Cuộc họp trực tuyến sau đây được hoãn; thời gian mới sẽ được thông báo sau:";
    case DeliveryEventKind::cancel: return "Cuộc họp trực tuyến sau đây đã bị hủy:";
    case DeliveryEventKind::reminder: return "Xin nhắc lịch cuộc họp trực tuyến mà quý cơ quan được mời:";
  }
  return "";
}

}  // namespace

std::string invitation_subject(const InvitationFacts& f) {
  const std::string& title = f.meeting.draft.title;
  switch (f.kind) {
    case DeliveryEventKind::book: return "Giấy mời họp trực tuyến: " + title;
    case DeliveryEventKind::update: return "Thay đổi cuộc họp trực tuyến: " + title;
    case DeliveryEventKind::postpone: return "Hoãn cuộc họp trực tuyến: " + title;
    case DeliveryEventKind::cancel: return "Hủy cuộc họp trực tuyến: " + title;
    case DeliveryEventKind::reminder: return "Nhắc lịch họp trực tuyến: " + title;
  }
  return title;
}

std::string invitation_text(const InvitationFacts& f, const sched::TimeZone& zone) {
  const auto& m = f.meeting;
  const auto& d = m.draft;
  std::string t = "Kính gửi: " + f.addressee + "\n\n" + lead(f.kind) + "\n\n";
  t += "Nội dung: " + d.title + "\n";
  t += "Thời gian: từ " + clock_time(d.slot.start, zone) + " đến " + clock_time(d.slot.end, zone) + " ngày " +
       date_text(d.slot.start, zone) + " (giờ Việt Nam)\n";
  t += "Chủ trì: " + d.chair.name + (d.chair.position.empty() ? "" : ", " + d.chair.position) + "\n";
  if (!f.organiser.empty()) t += "Cơ quan tổ chức: " + f.organiser + "\n";
  t += "Điểm cầu chính: " + f.host_hall + "\n";
  const bool off = f.kind == DeliveryEventKind::cancel || f.kind == DeliveryEventKind::postpone;
  if (!m.status_reason.empty() && off) t += "Lý do: " + m.status_reason + "\n";
  if (!off) {
    if (!f.own_hall.empty()) t += "Điểm cầu của quý cơ quan: " + f.own_hall + "\n";
    if (!f.join_link.empty()) t += "Đường dẫn tham gia: " + f.join_link + "\n";
    if (!d.agenda.empty()) {
      t += "\nChương trình họp:\n";
      for (const auto& a : d.agenda) {
        t += "- ";
        if (a.start) t += clock_time(*a.start, zone) + " ";
        t += a.title;
        if (a.minutes) t += " (" + std::to_string(*a.minutes) + " phút)";
        t += "\n";
      }
    }
    if (!d.documents.empty()) {
      t += "\nTài liệu họp:\n";
      for (const auto& doc : d.documents) t += "- " + doc.title + ": " + doc.link + "\n";
    }
  }
  t += "\nThư này do hệ thống họp trực tuyến của tỉnh gửi tự động; lịch họp đính kèm (invite.ics) "
       "có thể mở bằng chương trình lịch.\n";
  return t;
}

}  // namespace notify
