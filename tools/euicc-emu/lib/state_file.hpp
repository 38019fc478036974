// The state file's reading and writing in steps, for StateStore, which keeps
// the text it last read or wrote to notice another process's change.
// Internal; the public API is loadState / saveState (state.hpp).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "euicc_emu/state.hpp"

namespace euicc_emu {

// readStateFile returns the content of the state file |path| (symbolic links
// followed). Throws esim::Error(Errc::ioError) naming |path|: "is a
// directory", "is not a regular file", or the system error of open/read.
std::string readStateFile(const std::filesystem::path &path);

// stateFromFileText parses |text| read from |path| (parseState) and sets
// pki->baseDirectory to the directory of |path|; the PKI files are not
// checked. Throws what parseState throws.
EmulatorState stateFromFileText(std::string_view text, const std::filesystem::path &path);

// writeStateFile is saveState, returning the text it wrote.
std::string writeStateFile(const EmulatorState &state, const std::filesystem::path &path);

} // namespace euicc_emu
