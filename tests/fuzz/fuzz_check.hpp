// fuzzCheck: the assertion of the fuzz targets. A broken invariant prints
// what was expected and aborts, which libFuzzer reports as a crash and saves
// the input (crash-<sha1>) for a regression test.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

namespace esim::fuzz {

// fuzzCheck aborts the process with |what| on stderr when |ok| is false.
inline void fuzzCheck(bool ok, const std::string &what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what.c_str());
    std::abort();
  }
}

} // namespace esim::fuzz
