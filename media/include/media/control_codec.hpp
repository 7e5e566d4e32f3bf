#pragma once
// The JSON of media-node's control API, both ways, in one place: media-node's server
// (ControlApi) reads requests and writes answers with it, RemoteNode writes requests and
// reads answers with it, so what one side writes the other reads back whole.
//
// Requests are read strictly: unknown fields and wrong types are InvalidInput naming the
// field; absent optional fields keep the defaults of the plain types. Answers (LegInfo,
// SessionStats) need their fields typed right and tolerate fields they do not know.
#include <nlohmann/json.hpp>

#include "media/node_types.hpp"
#include "media/webrtc_edge.hpp"

namespace media::control {

nlohmann::json to_json(const SessionOptions& options);
SessionOptions session_options_from_json(const nlohmann::json& j);

nlohmann::json to_json(const LegOptions& options);
LegOptions leg_options_from_json(const nlohmann::json& j);

nlohmann::json to_json(const LegInfo& info);
LegInfo leg_info_from_json(const nlohmann::json& j);

// Counters travel as packet and byte counts only (steady-clock instants are the node's own).
nlohmann::json to_json(const SessionStats& stats);
SessionStats session_stats_from_json(const nlohmann::json& j);

// A browser's offer to the node's WebRTC edge: the leg's fields (as above) and "sdp"; the
// session travels in the path. The answer: peer_id, leg_id, sdp, video_codec.
nlohmann::json to_json(const WebrtcOffer& offer);
WebrtcOffer webrtc_offer_from_json(const std::string& session_id, const nlohmann::json& j);
nlohmann::json to_json(const WebrtcAnswer& answer);
WebrtcAnswer webrtc_answer_from_json(const nlohmann::json& j);

// Small bodies: the one field of an object, with its type checked.
bool bool_field(const nlohmann::json& j, const char* name);
std::string string_field(const nlohmann::json& j, const char* name);

}  // namespace media::control
