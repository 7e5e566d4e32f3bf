#include "media/sdp_offer.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace media {
namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) lines.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

std::optional<int> number(std::string_view s) {
  if (s.empty() || s.size() > 9) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

OfferedCodec& codec_for(OfferedMedia& m, int pt) {
  for (auto& c : m.codecs)
    if (c.payload_type == pt) return c;
  m.codecs.push_back({pt, "", 0, ""});
  return m.codecs.back();
}

std::string fmtp_value(const std::string& fmtp, const std::string& key) {
  std::string_view rest = fmtp;
  while (!rest.empty()) {
    const auto end = rest.find(';');
    std::string_view item = rest.substr(0, end);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    const auto eq = item.find('=');
    if (eq != std::string_view::npos && lower(item.substr(0, eq)) == key) return std::string(item.substr(eq + 1));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return {};
}

// Constrained baseline (profile_idc 42, constraint_set1) or main (4d); never High.
int h264_rank(const std::string& profile_level_id) {
  const std::string p = lower(profile_level_id);
  if (p.size() != 6) return 0;
  if (p.substr(0, 4) == "42e0" || p.substr(0, 4) == "42c0") return 3;
  if (p.substr(0, 4) == "4200") return 2;  // baseline: Chromium's 42001f
  if (p.substr(0, 4) == "4d00") return 1;
  return 0;
}

}  // namespace

OfferSummary inspect_offer(std::string_view sdp) {
  const auto lines = lines_of(sdp);
  if (lines.empty() || lines.front() != "v=0") throw std::invalid_argument("the body is not an SDP offer (no v=0)");
  OfferSummary out;
  bool session_fingerprint = false;
  std::vector<bool> media_fingerprint;
  for (const auto line : lines) {
    if (line.size() < 2 || line[1] != '=') throw std::invalid_argument("the SDP has a malformed line");
    if (starts_with(line, "m=")) {
      const auto w = words(line.substr(2));
      if (w.size() < 4) throw std::invalid_argument("the SDP has a malformed m= line");
      OfferedMedia m;
      m.kind = w[0] == "audio" ? OfferedKind::audio : w[0] == "video" ? OfferedKind::video : OfferedKind::other;
      m.rejected = w[1] == "0";
      for (std::size_t i = 3; i < w.size(); ++i)
        if (const auto pt = number(w[i])) codec_for(m, *pt);
      out.media.push_back(std::move(m));
      media_fingerprint.push_back(false);
      continue;
    }
    OfferedMedia* m = out.media.empty() ? nullptr : &out.media.back();
    if (starts_with(line, "a=fingerprint:")) {
      if (m) media_fingerprint.back() = true;
      else session_fingerprint = true;
    } else if (starts_with(line, "a=ice-ufrag:")) {
      if (out.ice_ufrag.empty()) out.ice_ufrag = std::string(line.substr(12));
    } else if (starts_with(line, "a=group:BUNDLE")) {
      for (const auto mid : words(line.substr(14))) out.bundle.emplace_back(mid);
    } else if (m && line == "a=bundle-only") {
      m->rejected = false;  // port 0 here means "only in the BUNDLE" (RFC 8843), as GStreamer offers it
    } else if (m && starts_with(line, "a=mid:")) {
      m->mid = std::string(line.substr(6));
    } else if (m && (line == "a=sendrecv" || line == "a=sendonly" || line == "a=recvonly" || line == "a=inactive")) {
      m->direction = line == "a=sendrecv"   ? OfferedDirection::sendrecv
                     : line == "a=sendonly" ? OfferedDirection::sendonly
                     : line == "a=recvonly" ? OfferedDirection::recvonly
                                            : OfferedDirection::inactive;
    } else if (m && starts_with(line, "a=rtpmap:")) {
      const auto w = words(line.substr(9));
      const auto pt = w.empty() ? std::nullopt : number(w[0]);
      if (!pt || w.size() < 2) throw std::invalid_argument("the SDP has a malformed a=rtpmap line");
      OfferedCodec& c = codec_for(*m, *pt);
      const auto slash = w[1].find('/');
      c.name = std::string(w[1].substr(0, slash));
      if (slash != std::string_view::npos) c.clock_rate = number(w[1].substr(slash + 1, w[1].find('/', slash + 1) - slash - 1)).value_or(0);
    } else if (m && starts_with(line, "a=fmtp:")) {
      const auto rest = line.substr(7);
      const auto space = rest.find(' ');
      const auto pt = number(rest.substr(0, space));
      if (!pt) throw std::invalid_argument("the SDP has a malformed a=fmtp line");
      codec_for(*m, *pt).fmtp = space == std::string_view::npos ? "" : std::string(rest.substr(space + 1));
    }
  }
  if (out.media.empty()) throw std::invalid_argument("the SDP offer has no media (m=) section");
  out.has_fingerprint =
      session_fingerprint || std::all_of(media_fingerprint.begin(), media_fingerprint.end(), [](bool b) { return b; });
  if (!out.has_fingerprint) throw std::invalid_argument("the SDP offer has no DTLS fingerprint (DTLS-SRTP is required)");
  if (out.ice_ufrag.empty()) throw std::invalid_argument("the SDP offer has no ICE credentials (a=ice-ufrag)");
  for (const auto& m : out.media) {
    if (m.rejected) continue;
    if (std::find(out.bundle.begin(), out.bundle.end(), m.mid) == out.bundle.end())
      throw std::invalid_argument("every m= section must be in one BUNDLE group (max-bundle)");
  }
  return out;
}

std::optional<ChosenCodec> choose_video_codec(const OfferedMedia& media) {
  const OfferedCodec* best = nullptr;
  int best_rank = 0;
  for (const auto& c : media.codecs) {
    if (lower(c.name) != "h264" || c.clock_rate != 90000) continue;
    if (fmtp_value(c.fmtp, "packetization-mode") != "1") continue;
    const int rank = h264_rank(fmtp_value(c.fmtp, "profile-level-id"));
    if (rank > best_rank) best = &c, best_rank = rank;
  }
  if (best)
    return ChosenCodec{OfferedKind::video, best->payload_type, "H264",
                       lower(fmtp_value(best->fmtp, "profile-level-id"))};
  for (const auto& c : media.codecs)
    if (lower(c.name) == "vp8" && c.clock_rate == 90000) return ChosenCodec{OfferedKind::video, c.payload_type, "VP8", ""};
  return std::nullopt;
}

std::optional<ChosenCodec> choose_audio_codec(const OfferedMedia& media) {
  for (const auto& c : media.codecs)
    if (lower(c.name) == "opus" && c.clock_rate == 48000) return ChosenCodec{OfferedKind::audio, c.payload_type, "OPUS", ""};
  return std::nullopt;
}

TrickleFragment parse_trickle_fragment(std::string_view body) {
  TrickleFragment out;
  std::optional<std::string> mid;
  bool in_media = false;
  for (const auto line : lines_of(body)) {
    if (starts_with(line, "a=ice-ufrag:")) {
      out.ice_ufrag = std::string(line.substr(12));
    } else if (starts_with(line, "a=ice-pwd:") || starts_with(line, "a=ice-options:") ||
               starts_with(line, "a=group:")) {
      // credentials and options: nothing to do (a new ufrag is checked by the caller)
    } else if (starts_with(line, "m=")) {
      in_media = true;
      mid.reset();
    } else if (starts_with(line, "a=mid:")) {
      mid = std::string(line.substr(6));
    } else if (starts_with(line, "a=candidate:")) {
      if (!in_media) throw std::invalid_argument("a candidate outside any m= section");
      out.candidates.push_back({mid.value_or(""), std::string(line.substr(2))});
    } else if (line == "a=end-of-candidates") {
      out.end_of_candidates = true;
    } else {
      throw std::invalid_argument("the body is not a trickle-ice-sdpfrag: unexpected line '" +
                                  std::string(line.substr(0, 40)) + "'");
    }
  }
  return out;
}

std::string with_candidates(const std::string& sdp, const std::vector<std::string>& candidates) {
  if (sdp.find("a=candidate:") != std::string::npos) return sdp;
  const auto first_m = sdp.find("\nm=");
  if (first_m == std::string::npos) return sdp;
  auto second_m = sdp.find("\nm=", first_m + 1);
  const std::size_t at = second_m == std::string::npos ? sdp.size() : second_m + 1;
  std::string lines;
  for (const auto& c : candidates) lines += "a=" + c + "\r\n";
  lines += "a=end-of-candidates\r\n";
  std::string out = sdp;
  out.insert(at, lines);
  return out;
}

}  // namespace media
