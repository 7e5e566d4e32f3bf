# Imported targets for the Debian 12 packages the project uses. Only
# nlohmann_json and GTest ship CMake configs; the rest come through pkg-config.
# Each library is linked PRIVATE by the one target that wraps it.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)

pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx)
pkg_check_modules(PISTACHE REQUIRED IMPORTED_TARGET libpistache)
pkg_check_modules(ICAL REQUIRED IMPORTED_TARGET libical)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
pkg_check_modules(SPDLOG REQUIRED IMPORTED_TARGET spdlog)
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
pkg_check_modules(GST REQUIRED IMPORTED_TARGET
  gstreamer-1.0 gstreamer-base-1.0 gstreamer-app-1.0 gstreamer-rtp-1.0
  gstreamer-video-1.0 gstreamer-audio-1.0)

if(MEETINGD_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(MEETINGD_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
