// SecretString and wipe: secret text that is overwritten before its memory
// is given back.
#include "esim/secret_string.hpp"

#include <string.h> // explicit_bzero (glibc, musl, the BSDs)

#include <utility>

namespace esim {

void wipe(std::string &text) noexcept {
  // Bytes between size() and capacity() may hold an older, longer secret:
  // grow to the capacity (no reallocation, so noexcept holds) and overwrite
  // all of it. explicit_bzero is a call the optimiser must keep.
  text.resize(text.capacity());
  explicit_bzero(text.data(), text.size());
  text.clear();
}

SecretString::SecretString(std::string_view text) : text_(text) {}

SecretString::SecretString(std::string &&text) : text_(text) {
  wipe(text);
}

SecretString::~SecretString() {
  wipe(text_);
}

SecretString::SecretString(const SecretString &other) : text_(other.text_) {}

SecretString &SecretString::operator=(const SecretString &other) {
  if (this != &other) {
    wipe(text_);
    text_ = other.text_;
  }
  return *this;
}

// A std::string move would hand over the heap buffer, but a short string
// lives inside the object and the moved-from one would keep its bytes: copy,
// then wipe the source, whatever its length.
SecretString::SecretString(SecretString &&other) : text_(other.text_) {
  other.clear();
}

SecretString &SecretString::operator=(SecretString &&other) {
  if (this != &other) {
    wipe(text_);
    text_ = other.text_;
    other.clear();
  }
  return *this;
}

} // namespace esim
