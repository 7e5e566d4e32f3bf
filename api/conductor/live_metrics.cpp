#include "conductor/live_metrics.hpp"

namespace conductor {

void export_live_metrics(const Conductor& live, api::metrics::GaugeSink& sink) {
  const auto stats = live.local_stats();
  double legs_total = 0;
  for (const auto& [meeting_id, s] : stats) {
    const std::string meeting = std::to_string(meeting_id.value);
    sink.gauge("meetingd_session_output_fps", "Composite frames encoded per second", {{"meeting", meeting}}, s.output_fps);
    sink.gauge("meetingd_session_legs", "Legs (halls) in the session", {{"meeting", meeting}},
               static_cast<double>(s.legs.size()));
    legs_total += static_cast<double>(s.legs.size());
    for (const auto& leg : s.legs) {
      const auto& h = leg.health;
      for (const auto& [medium, sh] : {std::pair{"video", &h.video}, std::pair{"audio", &h.audio}}) {
        const api::metrics::Labels labels{{"meeting", meeting}, {"room", leg.hall_id}, {"medium", medium}};
        sink.gauge("meetingd_leg_loss_percent", "Packet loss over the last window, percent", labels, sh->loss_percent);
        sink.gauge("meetingd_leg_jitter_ms", "Interarrival jitter, milliseconds", labels, sh->jitter_ms);
        sink.gauge("meetingd_leg_bitrate_in_kbps", "Received bitrate, kbit/s", labels, sh->bitrate_in_kbps);
        sink.gauge("meetingd_leg_bitrate_out_kbps", "Sent bitrate, kbit/s", labels, sh->bitrate_out_kbps);
        if (sh->rtt_ms) sink.gauge("meetingd_leg_rtt_ms", "Round-trip time from RTCP, milliseconds", labels, *sh->rtt_ms);
      }
      const api::metrics::Labels labels{{"meeting", meeting}, {"room", leg.hall_id}};
      sink.gauge("meetingd_leg_decoded_fps", "Decoded frames per second (0 when not shown)", labels, h.decoded_fps);
      sink.gauge("meetingd_leg_up", "1 when the leg is ok or degraded, 0 when connecting or lost", labels,
                 h.state == media::LegState::ok || h.state == media::LegState::degraded ? 1.0 : 0.0);
    }
  }
  sink.gauge("meetingd_node_sessions", "Sessions on this process's media node", {}, static_cast<double>(stats.size()));
  sink.gauge("meetingd_node_legs", "Legs on this process's media node", {}, legs_total);
  double cpu = 0;
  for (const auto& [id, s] : stats) cpu = s.cpu_cores;  // the process's CPU, the same in every session
  sink.gauge("meetingd_node_cpu_cores", "CPU cores used by the process running the media node", {}, cpu);
  sink.gauge("meetingd_conductor_leading", "1 when this process conducts", {}, live.leading() ? 1.0 : 0.0);
}

}  // namespace conductor
