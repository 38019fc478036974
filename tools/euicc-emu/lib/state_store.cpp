#include "state_store.hpp"

namespace euicc_emu {

namespace {

std::string sourceName(const std::optional<std::filesystem::path> &path) {
  return path ? path->string() : std::string("(in memory)");
}

} // namespace

StateStore::StateStore(EmulatorState state, std::optional<std::filesystem::path> path)
    : state_(std::move(state)), path_(std::move(path)) {
  validateState(state_, sourceName(path_));
  if (state_.pki) {
    if (state_.pki->baseDirectory.empty() && path_) {
      state_.pki->baseDirectory = path_->parent_path().empty() ? "." : path_->parent_path();
    }
    signer_ = EuiccSigner::load(*state_.pki, sourceName(path_));
  }
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
