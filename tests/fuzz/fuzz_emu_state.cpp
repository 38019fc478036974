// fuzz_emu_state: the emulator's state file parser (euicc_emu::parseState),
// which reads files people edit by hand.
//
// Input: the JSON text of a state file.
//
// Checked: parseState either returns a state or throws esim::Error with
// Errc::emulator (its documented failure; nothing of nlohmann::json may
// escape); a parsed state passes validateState, and stateToJson + parseState
// give back an equal state whose JSON is then a fixed point.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "esim/error.hpp"
#include "euicc_emu/state.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  using esim::fuzz::fuzzCheck;
  const std::string_view text(reinterpret_cast<const char *>(data), size);
  euicc_emu::EmulatorState state;
  try {
    state = euicc_emu::parseState(text, "fuzz");
  } catch (const esim::Error &e) {
    fuzzCheck(e.code() == esim::Errc::emulator, std::string("parseState threw ") +
                                                    std::string(esim::errcId(e.code())) + ": " +
                                                    e.what());
    return 0;
  }
  try {
    euicc_emu::validateState(state, "fuzz");
    const std::string json = euicc_emu::stateToJson(state);
    const euicc_emu::EmulatorState again = euicc_emu::parseState(json, "stateToJson");
    fuzzCheck(again == state, "state changed in stateToJson + parseState:\n" + json);
    fuzzCheck(euicc_emu::stateToJson(again) == json, "stateToJson is not a fixed point");
  } catch (const esim::Error &e) {
    fuzzCheck(false, std::string("a parsed state does not survive saving: ") + e.what());
  }
  return 0;
}
