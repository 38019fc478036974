// Reading and writing the fields of a DER SEQUENCE by hand, for the download
// codec: signed parts must be kept as the bytes received, so their fields
// are read with the DER reader (der_reader.hpp) rather than through an
// asn1c re-encoding. Every failure names the function and the field.
//
//   Fields f(outer.value, ctx.at("serverSigned1"));
//   Bytes tid = f.bytes(kTagContext0, "transactionId", 1, 16);
//   f.end(); // later elements are extensions: checked to be TLVs, skipped
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>

#include "codec/asn1_support.hpp"
#include "codec/der_reader.hpp"
#include "esim/bytes.hpp"

namespace esim::codec {

// Fields walks the elements of one constructed value in order.
class Fields {
public:
  // Fields reads |value| (which must outlive it); errors go through |ctx|.
  Fields(ByteView value, Ctx ctx) : reader_(value), ctx_(std::move(ctx)) {}

  // element returns the next element, which must have |tag|; malformed()
  // naming |name| when it is missing, has another tag or is unreadable.
  der::Element element(TagValue tag, const char *name);
  // optional returns the next element if it has |tag| (nothing read otherwise).
  std::optional<der::Element> optional(TagValue tag, const char *name);
  // bytes returns the value of the next element (|tag|), of min..max bytes.
  Bytes bytes(TagValue tag, const char *name, std::size_t min, std::size_t max);
  // text returns the value of the next element (|tag|) as a string.
  std::string text(TagValue tag, const char *name);
  // integer returns the next INTEGER-like element (|tag|), which must be
  // minimal DER and within 0..max.
  long integer(TagValue tag, const char *name, long max);
  // end checks that what follows is well-formed TLVs (extensions, skipped).
  void end();
  // end also checks that no field of |known| comes again after the fields
  // read: a repeated or misplaced field would otherwise pass for an
  // extension. malformed() naming the field when one does.
  void end(std::initializer_list<std::pair<TagValue, const char *>> known);
  // ctx returns the context of this value.
  const Ctx &ctx() const noexcept { return ctx_; }

private:
  der::Reader reader_;
  Ctx ctx_;
};

// topElement checks that |der| is exactly one element with |tag| and returns it.
der::Element topElement(ByteView der, TagValue tag, const Ctx &ctx);
// toBytes copies a view.
inline Bytes copyBytes(ByteView v) {
  return Bytes(v.begin(), v.end());
}
// integerValue decodes INTEGER contents (minimal DER, 0..max); malformed() otherwise.
long integerValue(ByteView contents, const Ctx &ctx, const char *name, long max);
// booleanValue decodes BOOLEAN contents (one byte, 00 or FF as DER wants).
bool booleanValue(ByteView contents, const Ctx &ctx, const char *name);

// singleTlv checks that an argument to encode is one element with |tag| and
// returns it; invalid() naming |name| otherwise.
der::Element singleTlv(ByteView der, TagValue tag, const Ctx &ctx, const char *name);
// appendInteger appends |tag| L <minimal two's complement of value> (value >= 0).
void appendInteger(Bytes &out, TagValue tag, long value);
// appendBoolean appends |tag| 01 FF/00.
void appendBoolean(Bytes &out, TagValue tag, bool value);
// wrap returns |tag| L |value|.
Bytes wrap(TagValue tag, ByteView value);
// append appends |bytes| to |out|.
inline void append(Bytes &out, ByteView bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}
// checkLength throws ctx.invalid() when |size| is outside min..max.
void checkSize(const Ctx &ctx, const char *name, std::size_t size, std::size_t min,
               std::size_t max);

} // namespace esim::codec
