#pragma once
// Pure reading of a browser's SDP offer and of trickle-ICE fragments (RFC 8840),
// before anything is built for it: what the WebRTC edge checks and chooses.
// Standard library only (media_core); webrtcbin does the real negotiation.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace media {

enum class OfferedKind { audio, video, other };
enum class OfferedDirection { sendrecv, sendonly, recvonly, inactive };

struct OfferedCodec {
  int payload_type = 0;
  std::string name;  // as in a=rtpmap, e.g. "H264", "VP8", "opus"
  int clock_rate = 0;
  std::string fmtp;  // the a=fmtp parameters, verbatim
};

struct OfferedMedia {
  OfferedKind kind = OfferedKind::other;
  std::string mid;
  OfferedDirection direction = OfferedDirection::sendrecv;
  bool rejected = false;  // port 0, unless a=bundle-only (then it rides on the BUNDLE transport)
  std::vector<OfferedCodec> codecs;
};

struct OfferSummary {
  std::vector<OfferedMedia> media;
  bool has_fingerprint = false;       // a=fingerprint at session or every media level
  std::string ice_ufrag;              // session level or the first media's
  std::vector<std::string> bundle;    // mids of the a=group:BUNDLE line
};

// What the edge answers with for one m-line.
struct ChosenCodec {
  OfferedKind kind = OfferedKind::other;
  int payload_type = 0;
  std::string name;  // "H264", "VP8" or "OPUS" (GStreamer's encoding-name)
  std::string profile_level_id;  // H.264 only
};

// Throws std::invalid_argument with a message fit for the client when the text is
// not an SDP offer a browser hall may send: no v=/m= lines, no DTLS fingerprint,
// no ICE credentials, or media not all in one BUNDLE group (max-bundle).
OfferSummary inspect_offer(std::string_view sdp);

// H.264 packetization-mode 1 in constrained baseline (42e0xx/42c0xx, or 42001f) or
// main (4d00xx) is taken first, VP8 next; nullopt when neither is offered.
std::optional<ChosenCodec> choose_video_codec(const OfferedMedia& media);
// Opus 48 kHz stereo signalling, as every browser offers it.
std::optional<ChosenCodec> choose_audio_codec(const OfferedMedia& media);

struct TrickleCandidate {
  std::string mid;
  std::string candidate;  // "candidate:..." without the "a="
};
struct TrickleFragment {
  std::string ice_ufrag;  // empty when the fragment names none
  bool end_of_candidates = false;
  std::vector<TrickleCandidate> candidates;
};
// An application/trickle-ice-sdpfrag body. Throws std::invalid_argument when it
// has lines that do not belong there or a candidate outside any m= section.
TrickleFragment parse_trickle_fragment(std::string_view body);

// Adds "a=candidate:" lines (and a=end-of-candidates) to the first m= section of an
// answer that lacks them (max-bundle: every medium shares its transport).
std::string with_candidates(const std::string& sdp, const std::vector<std::string>& candidates);

}  // namespace media
