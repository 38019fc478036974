// Secrets held as text (an activation code's MatchingID, a confirmation
// code): a string type that overwrites its bytes when it is destroyed,
// cleared or replaced, and wipe() for a std::string that held one.
//
//   esim::SecretString code = readConfirmationCode(); // from the prompt or a file
//   const esim::Bytes hashCc = esim::hashConfirmationCode(code.view(), tid);
//   code.clear();                                      // or let it go out of scope
//
// Wiping cannot reach copies the caller made elsewhere (a std::string
// returned by view()'s users, a terminal's scroll-back); it only keeps this
// process from leaving the secret in freed heap memory.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace esim {

// wipe overwrites every byte |text| owns (its whole capacity, not only its
// size) with zeros in a way the compiler may not optimise away, then empties
// it. Never fails.
void wipe(std::string &text) noexcept;

// SecretString holds a secret text. Copies are independent and each wipes
// its own bytes; a moved-from SecretString is wiped and empty.
class SecretString {
public:
  // SecretString makes an empty secret. Cannot fail.
  SecretString() = default;
  // SecretString copies |text|. Throws std::bad_alloc only.
  explicit SecretString(std::string_view text);
  // SecretString copies the C string |text|. Throws std::bad_alloc only.
  explicit SecretString(const char *text) : SecretString(std::string_view(text)) {}
  // SecretString takes |text| and wipes the caller's string (so that its
  // buffer does not keep a copy). Throws std::bad_alloc only.
  explicit SecretString(std::string &&text);
  ~SecretString();
  // SecretString copies |other|. Throws std::bad_alloc only.
  SecretString(const SecretString &other);
  // operator= replaces this secret (wiping the old one) with a copy of
  // |other|. Throws std::bad_alloc only.
  SecretString &operator=(const SecretString &other);
  // SecretString takes |other|'s text and wipes |other|. Throws std::bad_alloc
  // only.
  SecretString(SecretString &&other);
  // operator= wipes this secret, takes |other|'s text and wipes |other|.
  // Throws std::bad_alloc only.
  SecretString &operator=(SecretString &&other);

  // view returns the secret; valid until this object changes. Never fails.
  std::string_view view() const noexcept { return text_; }
  // empty reports whether the secret is empty. Never fails.
  bool empty() const noexcept { return text_.empty(); }
  // size returns the secret's length in bytes. Never fails.
  std::size_t size() const noexcept { return text_.size(); }
  // clear wipes the secret and leaves it empty. Never fails.
  void clear() noexcept { wipe(text_); }

  // operator== compares the secrets (not in constant time: for tests and
  // bookkeeping, never for checking a guess). Never fails.
  friend bool operator==(const SecretString &a, const SecretString &b) noexcept {
    return a.text_ == b.text_;
  }

private:
  std::string text_;
};

} // namespace esim
