#include "state_store.hpp"

#include "state_file.hpp"

#include <algorithm>
#include <utility>

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
  }
  loadPki(sourceName(path_));
}

void StateStore::loadPki(const std::string &source) {
  std::vector<EuiccSigner> signers;
  CiTrust trust;
  if (state_.pki) {
    signers = EuiccSigner::loadAll(*state_.pki, source);
    trust = CiTrust::load(state_.pki->resolvedCiCertificates(), source);
  }
  signers_ = std::move(signers);
  trust_ = std::move(trust);
}

const EuiccSigner *StateStore::signerFor(esim::ByteView ciPkid) const noexcept {
  for (const EuiccSigner &s : signers_) {
    const esim::Bytes &id = s.ciKeyIdentifier();
    if (!id.empty() && std::equal(id.begin(), id.end(), ciPkid.begin(), ciPkid.end())) return &s;
  }
  return nullptr;
}

const EuiccSigner *
StateStore::signerForProfile(const std::optional<std::string> &iccid) const noexcept {
  if (iccid) {
    if (auto it = state_.profileCiPKIds.find(*iccid); it != state_.profileCiPKIds.end()) {
      if (const EuiccSigner *s = signerFor(it->second)) return s;
    }
  }
  return signer();
}

StateStore::StateStore(const std::filesystem::path &path, StateFileLocking locking,
                       std::chrono::milliseconds lockTimeout)
    : path_(path), locking_(locking), lockTimeout_(lockTimeout) {
  // A missing file is reported before a lock file is made beside it, so a
  // mistyped name leaves nothing behind.
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) readStateFile(path);
  // Locked before reading: what is loaded is what the next save replaces.
  if (locking_ != StateFileLocking::none) lock_.emplace(path, lockTimeout_);
  fileText_ = readStateFile(path);
  state_ = stateFromFileText(fileText_, path);
  loadPki(path.string());
  if (locking_ == StateFileLocking::perCommand) lock_.reset();
}

void StateStore::beginCommand() {
  if (locking_ != StateFileLocking::perCommand || !path_) return;
  try {
    lock_.emplace(*path_, lockTimeout_);
    reloadIfChanged();
  } catch (const esim::Error &e) {
    lock_.reset();
    fileError_ = e;
    throw;
  } catch (...) {
    lock_.reset();
    throw;
  }
}

void StateStore::endCommand() noexcept {
  if (locking_ == StateFileLocking::perCommand) lock_.reset();
}

void StateStore::reloadIfChanged() {
  // Comparing the content, not stat data: a rename-based save reuses inode
  // numbers and coarse timestamps can match, but equal text is equal state.
  std::string text = readStateFile(*path_);
  if (text == fileText_) return;
  EmulatorState next = stateFromFileText(text, *path_);
  // PkiFiles == compares the paths the file gives; the key is loaded again
  // only when they changed.
  const bool pkiChanged = !(next.pki == state_.pki);
  EmulatorState previous = std::exchange(state_, std::move(next));
  if (pkiChanged) {
    try {
      loadPki(path_->string());
    } catch (...) {
      state_ = std::move(previous);
      throw;
    }
  }
  fileText_ = std::move(text);
}

void StateStore::commit(EmulatorState next) {
  // A profile that is gone (deleted, memory reset) takes its CI along.
  std::erase_if(next.profileCiPKIds, [&](const auto &entry) {
    return std::none_of(next.profiles.begin(), next.profiles.end(),
                        [&](const esim::ProfileInfo &p) { return p.iccid == entry.first; });
  });
  if (path_) {
    try {
      fileText_ = writeStateFile(next, *path_); // validates, throws before anything changes
    } catch (const esim::Error &e) {
      if (e.code() == esim::Errc::ioError) fileError_ = e;
      throw;
    }
  } else {
    validateState(next, "(in memory)");
  }
  state_ = std::move(next);
}

std::optional<esim::Error> StateStore::takeFileError() {
  std::optional<esim::Error> e = std::move(fileError_);
  fileError_.reset();
  return e;
}

} // namespace euicc_emu
