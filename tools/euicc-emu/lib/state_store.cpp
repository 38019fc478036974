#include "state_store.hpp"

namespace euicc_emu {

StateStore::StateStore(EmulatorState state, std::optional<std::filesystem::path> path)
    : state_(std::move(state)), path_(std::move(path)) {
  validateState(state_, path_ ? path_->string() : std::string("(in memory)"));
}

void StateStore::commit(EmulatorState next) {
  if (path_) {
    saveState(next, *path_); // validates, throws before anything changes
  } else {
    validateState(next, "(in memory)");
  }
  state_ = std::move(next);
}

} // namespace euicc_emu
