#include "media/health_json.hpp"

namespace media::control {
namespace {
using nlohmann::json;

json opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

json to_json(const StreamCounters& c, const StreamHealth& h) {
  return {{"packets_in", c.packets_in},
          {"bytes_in", c.bytes_in},
          {"packets_out", c.packets_out},
          {"bytes_out", c.bytes_out},
          {"bitrate_in_kbps", h.bitrate_in_kbps},
          {"bitrate_out_kbps", h.bitrate_out_kbps},
          {"loss_percent", h.loss_percent},
          {"loss_percent_total", h.loss_percent_total},
          {"loss_grade", to_string(h.loss_grade)},
          {"jitter_ms", h.jitter_ms},
          {"peer_loss_percent", opt(h.peer_loss_percent)},
          {"rtt_ms", opt(h.rtt_ms)},
          {"peer_jitter_ms", opt(h.peer_jitter_ms)},
          {"last_packet_age_ms", opt(h.last_packet_age_ms)},
          {"rtx_in", c.rtx_in},
          {"rtx_dropped", c.rtx_dropped}};
}

}  // namespace media::control
