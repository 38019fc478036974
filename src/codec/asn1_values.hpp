// Private conversions between asn1c's primitive types (OCTET STRING, BIT
// STRING, OBJECT IDENTIFIER, INTEGER) and the values of the public structs,
// with the checks asn1c does not make (it ignores SIZE constraints and does
// not trim BIT STRINGs with named bits to DER).
//
// Decoding helpers throw ctx.malformed(); encoding helpers throw
// ctx.invalid() for values SGP.22 does not allow.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "codec/asn1_support.hpp"
#include "esim/bytes.hpp"
#include "esim/euicc_info.hpp"
#include "esim/notification.hpp"
#include "esim/profile.hpp"
#include "esim/result_code.hpp"

#include "BIT_STRING.h"
#include "OBJECT_IDENTIFIER.h"
#include "OCTET_STRING.h"

namespace esim::codec {

// ---- OCTET STRING / UTF8String ----

// toBytes copies the contents of an asn1c OCTET STRING-like value.
template <typename T> Bytes toBytes(const T &value) {
  if (value.buf == nullptr || value.size <= 0) return {};
  return Bytes(value.buf, value.buf + value.size);
}
// toText copies the contents of a UTF8String (not checked for UTF-8).
std::string toText(const OCTET_STRING_t &value);
// setOctets replaces the contents of |out| with |value|. Throws std::bad_alloc.
void setOctets(OCTET_STRING_t &out, ByteView value);
// setText replaces the contents of a UTF8String with |value|.
void setText(OCTET_STRING_t &out, std::string_view value);
// setOptionalOctets allocates the OPTIONAL member |member| (which must be
// null) and fills it; the enclosing asn1c object owns it from then on.
void setOptionalOctets(OCTET_STRING_t *&member, ByteView value);
void setOptionalText(OCTET_STRING_t *&member, std::string_view value);

// requireLength checks a received field: ctx.malformed("<field> is N bytes,
// expected M") when |size| is outside min..max.
void requireLength(const Ctx &ctx, const char *field, std::size_t size, std::size_t min,
                   std::size_t max);
// checkArgLength checks a field to encode: ctx.invalid() when outside min..max.
void checkArgLength(const Ctx &ctx, const char *field, std::size_t size, std::size_t min,
                    std::size_t max);

// ---- ICCID ----

// toIccid decodes a received Iccid (exactly 10 bytes of swapped BCD) to digits.
std::string toIccid(const OCTET_STRING_t &value, const Ctx &ctx);
// setIccid encodes 18..20 digits (esim::encodeIccid); ctx.invalid() otherwise.
void setIccid(OCTET_STRING_t &out, const std::string &digits, const Ctx &ctx);

// ---- BIT STRING ----

// toBitString returns the bits of a received BIT STRING in minimal form
// (unused bits cleared, trailing zero bits dropped, as setBitString writes
// them). ctx.malformed() for an unused-bit count outside 0..7 (or not 0 for
// an empty string).
BitString toBitString(const BIT_STRING_t &value, const Ctx &ctx, const char *field);
// testBit reports whether named bit |n| is set (bits past the end are clear).
bool testBit(const BIT_STRING_t &value, unsigned n) noexcept;
// setBitString sets |out| to the bits of |bits| in DER form for a BIT STRING
// with named bits: trailing zero bits are dropped (X.690 clause 11.2.2), so
// that an all-zero value is the empty BIT STRING 03 01 00.
void setBitString(BIT_STRING_t &out, const BitString &bits);
// setNamedBits sets |out| from |mask| (bit n of |mask| = named bit n), in
// the same minimal form.
void setNamedBits(BIT_STRING_t &out, std::uint32_t mask);

// toNotificationEvent decodes a NotificationEvent: exactly one of bits 0..3.
NotificationEvent toNotificationEvent(const BIT_STRING_t &value, const Ctx &ctx, const char *field);
// setNotificationEvent encodes |event| (delete = 04 10). ctx.invalid() for
// a value outside the enum.
void setNotificationEvent(BIT_STRING_t &out, NotificationEvent event, const Ctx &ctx);

// toPprIds / setPprIds convert the PprIds BIT STRING (unknown bits ignored).
PprIds toPprIds(const BIT_STRING_t &value, const Ctx &ctx, const char *field);
void setPprIds(BIT_STRING_t &out, const PprIds &ppr);

// ---- OBJECT IDENTIFIER ----

// oidToText turns the contents octets of an OBJECT IDENTIFIER into dotted
// text ("1.3.6.1.4.1.31746"). ctx.malformed() for empty contents, an arc
// that does not end, a non-minimal arc, or an arc beyond 64 bits.
std::string oidToText(ByteView contents, const Ctx &ctx, const char *field);
// oidFromText turns dotted text into contents octets. ctx.invalid() unless it
// has at least two arcs, the first is 0..2, the second below 40 for a first
// arc of 0 or 1, and every arc fits 64 bits.
Bytes oidFromText(std::string_view text, const Ctx &ctx, const char *field);
// setOid sets an OBJECT IDENTIFIER's contents octets.
void setOid(OBJECT_IDENTIFIER_t &out, ByteView contents);

// ---- INTEGER ----

// toEnum maps a received INTEGER to the enum value with that number;
// ctx.malformed("unknown <field> <value>") if it is none of |allowed|.
// Hidden: libesim.so's version script matches names by their start, and an
// instance's name starts with its public return type (esim::ProfileState).
template <typename E>
__attribute__((visibility("hidden"))) E toEnum(long value, std::initializer_list<E> allowed,
                                               const Ctx &ctx, const char *field) {
  for (E candidate : allowed) {
    if (static_cast<long>(candidate) == value) return candidate;
  }
  ctx.malformed(std::string("unknown ") + field + " " + std::to_string(value));
}

// toCode maps a received INTEGER to an SGP.22 code enum (results.hpp,
// download_codes.hpp): SGP.22's named-number lists are not closed, so any
// number 0..kMaxResultCode is kept, named or not. ctx.malformed("<field> <value>
// is outside 0..2147483647") for a negative or larger value.
template <typename E>
__attribute__((visibility("hidden"))) E toCode(long value, const Ctx &ctx, const char *field) {
  if (value < 0 || value > kMaxResultCode) {
    ctx.malformed(std::string(field) + " " + std::to_string(value) + " is outside 0.." +
                  std::to_string(kMaxResultCode));
  }
  return static_cast<E>(value);
}

// checkArgCode checks an SGP.22 code to encode: any number 0..kMaxResultCode
// (an emulator may answer a code SGP.22 does not name); ctx.invalid() for a
// negative one.
template <typename E> long checkArgCode(E value, const Ctx &ctx, const char *field) {
  const auto number = static_cast<long>(value);
  if (number < 0) ctx.invalid(std::string(field) + " " + std::to_string(number) + " is negative");
  return number;
}

// checkArgEnum checks that |value| (an enum to encode) is one of |allowed|:
// a caller may have cast an arbitrary number to the enum.
template <typename E>
long checkArgEnum(E value, std::initializer_list<E> allowed, const Ctx &ctx, const char *field) {
  for (E candidate : allowed) {
    if (candidate == value) return static_cast<long>(value);
  }
  ctx.invalid(std::string("unknown ") + field + " " + std::to_string(static_cast<long>(value)));
}

} // namespace esim::codec
