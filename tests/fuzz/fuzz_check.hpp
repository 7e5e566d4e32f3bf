#pragma once
// Property checks inside fuzz targets: a broken property aborts, so libFuzzer keeps the
// input as a crash artifact exactly as it does for a sanitizer report.
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                                   \
  do {                                                                                          \
    if (!(condition)) {                                                                         \
      std::fprintf(stderr, "%s:%d: property broken: %s\n", __FILE__, __LINE__, #condition);    \
      std::abort();                                                                             \
    }                                                                                           \
  } while (false)
