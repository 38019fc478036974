// A small DER TLV reader (in the spirit of BoringSSL's CBS): it walks
// tag-length-value elements without decoding their meaning, so that the codec
// can keep the exact bytes of an element (a signed notification is forwarded
// as received, never re-encoded) and check an outer tag before asn1c runs.
//
//   der::Reader r(answer);
//   der::Element outer;
//   if (r.next(outer) != der::Status::ok || outer.tag != kTagRetrieveNotificationsList) ...
//   der::Reader inner(outer.value);
//
// Rules (X.690 DER): tags of up to 4 identifier octets in minimal form;
// definite lengths only (the indefinite form 80 is rejected), short form below
// 128, long form of 1..4 octets without leading zeros.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "codec/tags.hpp"
#include "esim/bytes.hpp"

namespace esim::codec::der {

// Element is one TLV.
struct Element {
  TagValue tag = 0; // identifier octets as one number ('BF2D')
  ByteView encoded; // the whole element: tag, length and value, as received
  ByteView value;   // the value octets
};

// Status is the outcome of reading one element.
enum class Status {
  ok,
  end,              // no bytes left
  truncated,        // the input ends inside the tag, the length or the value
  badTag,           // tag of more than 4 octets, or not in minimal form
  indefiniteLength, // length octet 80 (BER only)
  badLength,        // reserved length octet FF, more than 4 length octets, or not minimal
};

// statusText returns a short English description of |s| for error messages.
const char *statusText(Status s) noexcept;

// isConstructed reports whether |tag| has the constructed bit (bit 6 of its
// first identifier octet) set.
bool isConstructed(TagValue tag) noexcept;

// tagText formats |tag| as upper-case hex, as SGP.22 writes tags ("BF2D", "5A").
std::string tagText(TagValue tag);

// readTag reads the identifier octets at the start of |input| into |tag| and
// their count into |tagLength|. Returns Status::end for empty input,
// Status::truncated or Status::badTag on failure (outputs then unspecified).
Status readTag(ByteView input, TagValue &tag, std::size_t &tagLength) noexcept;

// Reader walks the elements of a byte string one after the other.
class Reader {
public:
  // Reader reads from |input|, which must outlive it.
  explicit Reader(ByteView input) noexcept : rest_(input) {}

  // empty reports whether every byte has been read.
  bool empty() const noexcept { return rest_.empty(); }
  // rest returns the bytes not read yet.
  ByteView rest() const noexcept { return rest_; }

  // next reads one element into |out| and moves past it. On failure it
  // returns the reason and leaves the reader (and |out|) unchanged; at the
  // end of the input it returns Status::end.
  Status next(Element &out) noexcept;

private:
  ByteView rest_;
};

// appendTag appends the identifier octets of |tag| to |out|.
void appendTag(Bytes &out, TagValue tag);
// appendLength appends |length| in minimal definite form to |out|.
void appendLength(Bytes &out, std::size_t length);
// appendTlv appends a whole element with |tag| and |value| to |out|.
void appendTlv(Bytes &out, TagValue tag, ByteView value);

} // namespace esim::codec::der
