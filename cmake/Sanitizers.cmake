# Two instrumented builds, each in a build folder of its own (never the plain `build/`):
#   MEETINGD_SANITIZE=ON    the whole project and its test suites under ASan + UBSan
#                           (GCC or Clang); deploy/test and tests/fuzz/README.md say when it runs.
#   MEETINGD_BUILD_FUZZ=ON  the libFuzzer targets in tests/fuzz/ (Clang only): every library
#                           they link is built with coverage instrumentation and ASan + UBSan.
# Both must be set before the parts are added, so that the libraries are instrumented too.
# Any UBSan report aborts (no recovery), so a finding fails the test or stops the fuzzer.
set(meetingd_sanitizer_flags -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)

if(MEETINGD_SANITIZE)
  add_compile_options(${meetingd_sanitizer_flags})
  # GCC's flow analysis under ASan reports uninitialised reads that are not there
  # (std::optional<std::string> copies); the plain build keeps the warning.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
  add_link_options(-fsanitize=address,undefined)
endif()

if(MEETINGD_BUILD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "MEETINGD_BUILD_FUZZ needs Clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link ${meetingd_sanitizer_flags})
  add_link_options(-fsanitize=address,undefined)
endif()
