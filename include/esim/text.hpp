// Text checks for strings that go to the card or come from it: UTF-8 and
// control characters (SGP.22 profileNickname and the other UTF8String
// fields).
//
//   esim::isValidUtf8("トラベルSIM")           // true
//   esim::hasControlCharacter("a\x1b[2Jb")    // true: ESC
#pragma once

#include <cstddef>
#include <string_view>

namespace esim {

// decodeUtf8 decodes the character that starts at byte |pos| of |text|: it
// stores the code point in |codePoint| and returns the length of its
// encoding (1..4). It returns 0, leaving |codePoint| unspecified, for a
// sequence that is not well-formed UTF-8 (RFC 3629): a stray continuation
// byte, an overlong form, a surrogate, a value above U+10FFFF, a sequence cut
// short, or |pos| at or past the end. Never fails otherwise.
std::size_t decodeUtf8(std::string_view text, std::size_t pos, char32_t &codePoint) noexcept;

// isValidUtf8 reports whether all of |text| is well-formed UTF-8. Never fails.
bool isValidUtf8(std::string_view text) noexcept;

// isControlCharacter reports whether |codePoint| is a C0 control
// (U+0000..U+001F), DEL (U+007F) or a C1 control (U+0080..U+009F). Never
// fails.
bool isControlCharacter(char32_t codePoint) noexcept;

// hasControlCharacter reports whether |text| holds a control character as
// isControlCharacter has them (bytes that are not well-formed UTF-8 are
// skipped, so check isValidUtf8 too). Never fails.
bool hasControlCharacter(std::string_view text) noexcept;

} // namespace esim
