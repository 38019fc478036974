// The entry point of one ES10 decoder fuzz target; ESIM_FUZZ_DECODER (set
// by CMake) names the decoder (see es10_decoders.hpp).
#include <cstddef>
#include <cstdint>

#include "es10_decoders.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  esim::fuzz::fuzzEs10Decoder(esim::fuzz::Es10Decoder::ESIM_FUZZ_DECODER, data, size);
  return 0;
}
