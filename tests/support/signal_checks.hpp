#pragma once
// What the media tests look for in what a hall or a bridge received: a tone's power, a
// colour within the codec's error, a free UDP port on 127.0.0.1. Standard library only.
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <vector>

namespace testing_support {

// Relative power of one frequency in mono 48 kHz samples (Goertzel).
double tone_power(const std::vector<std::int16_t>& samples, double freq);

// Each channel of `px` within 70 of 0xRRGGBB `rgb` (H.264 at a low bitrate, scaled).
bool near_colour(const std::array<int, 3>& px, std::uint32_t rgb);

// A port that was free on 127.0.0.1 a moment ago (closed again at once), for a socket of
// `socket_type` (SOCK_DGRAM, SOCK_STREAM).
std::uint16_t free_loopback_port(int socket_type);
inline std::uint16_t free_udp_port() { return free_loopback_port(SOCK_DGRAM); }

}  // namespace testing_support
