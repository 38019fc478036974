// Private plumbing of the ES10 codec around asn1c: the process-wide lock,
// RAII ownership of asn1c objects, DER decode/encode with the checks asn1c
// leaves to us, and error messages that name the ES10 function.
//
//   Ctx ctx("GetProfilesInfo", Ctx::response);
//   auto list = decodeDer<ProfileInfoListResponse_t>(asn_DEF_ProfileInfoListResponse,
//                                                    der, kTagProfileInfoList, ctx);
//   ... list->present ...
//   // freed with ASN_STRUCT_FREE when |list| goes out of scope
//
// Nothing here is visible outside src/codec.
#pragma once

#include <cstdlib>
#include <initializer_list>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "codec/tags.hpp"
#include "esim/bytes.hpp"

#include "asn_SEQUENCE_OF.h"
#include "constr_TYPE.h"

namespace esim::codec {

// Ctx says where a value lives ("GetProfilesInfo response: ProfileInfo #2: ")
// so that every error names the ES10 function and the field.
class Ctx {
public:
  // Direction says which message of the function is meant; |element| is for
  // a value on its own (a PendingNotification forwarded to an SM-DP+).
  enum Direction { request, response, element };

  // Ctx starts at the top of |function|'s request or response. |function|
  // must be a string literal (or otherwise outlive every copy).
  Ctx(const char *function, Direction direction) : function_(function), direction_(direction) {}

  // at returns a context for a part inside this one ("ProfileInfo #2").
  Ctx at(const std::string &part) const;

  const char *function() const noexcept { return function_; }
  Direction direction() const noexcept { return direction_; }

  // malformed throws Error(Errc::malformedResponse) "<function> <direction>:
  // <path><what>" ("<function>: <path><what>" for an element): the bytes
  // received do not follow SGP.22.
  [[noreturn]] void malformed(const std::string &what) const;
  // invalid throws Error(Errc::invalidArgument) with the same kind of
  // message: the caller asked to encode a value SGP.22 does not allow.
  [[noreturn]] void invalid(const std::string &what) const;
  // internal throws Error(Errc::internal): asn1c refused to encode.
  [[noreturn]] void internal(const std::string &what) const;

private:
  std::string message(const std::string &what) const;

  const char *function_;
  Direction direction_;
  std::string path_;
};

// CodecLock holds the process-wide codec mutex while it lives. asn1c's
// generated code rewrites global type descriptors on every encode, decode
// and free (the *_inherit_TYPE_descriptor functions), which races between
// threads. The lock is re-entrant within one thread (a depth counter around
// one std::mutex), so that nested helpers and deleters may take it again.
class CodecLock {
public:
  CodecLock();
  ~CodecLock();
  CodecLock(const CodecLock &) = delete;
  CodecLock &operator=(const CodecLock &) = delete;
};

// AsnDeleter frees an asn1c object (and everything it points to) with
// ASN_STRUCT_FREE under the codec lock.
struct AsnDeleter {
  asn_TYPE_descriptor_t *type = nullptr;
  void operator()(void *object) const noexcept;
};

// AsnPtr owns one heap-allocated asn1c object of type T.
template <typename T> using AsnPtr = std::unique_ptr<T, AsnDeleter>;

// callocOrThrow returns zeroed memory for one T, as asn1c expects (it frees
// members with free()). Throws std::bad_alloc.
template <typename T> T *callocOrThrow() {
  void *memory = std::calloc(1, sizeof(T));
  if (memory == nullptr) throw std::bad_alloc();
  return static_cast<T *>(memory);
}

// makeAsn returns an empty (zeroed) asn1c object of |type|.
template <typename T> AsnPtr<T> makeAsn(asn_TYPE_descriptor_t &type) {
  return AsnPtr<T>(callocOrThrow<T>(), AsnDeleter{&type});
}

// appendNew adds a new zeroed element to an asn1c SEQUENCE OF |list| (a
// struct with A_SEQUENCE_OF(T) list) and returns it; the list owns it.
// Throws std::bad_alloc.
template <typename T, typename List> T *appendNew(List &list) {
  T *element = callocOrThrow<T>();
  if (ASN_SEQUENCE_ADD(&list, element) != 0) {
    std::free(element); // still empty: nothing inside to free
    throw std::bad_alloc();
  }
  return element;
}

// checkSingleElement checks that |der| is exactly one DER element with tag
// |tag| and returns it. Throws ctx.malformed() naming the problem: empty
// input, truncated, wrong tag, trailing bytes, indefinite length.
ByteView checkSingleElement(ByteView der, TagValue tag, const Ctx &ctx);

// decodeRaw runs asn1c's ber_decode for |type| over |der| (under the lock)
// and returns the object, or throws ctx.malformed(): RC_WMORE (truncated),
// RC_FAIL, or not all input consumed. The object is freed on failure too.
void *decodeRaw(asn_TYPE_descriptor_t &type, ByteView der, const Ctx &ctx);

// decodeDer checks the outer element (checkSingleElement) and decodes it as
// |type|. Throws ctx.malformed() on any failure.
template <typename T>
AsnPtr<T> decodeDer(asn_TYPE_descriptor_t &type, ByteView der, TagValue tag, const Ctx &ctx) {
  checkSingleElement(der, tag, ctx);
  return AsnPtr<T>(static_cast<T *>(decodeRaw(type, der, ctx)), AsnDeleter{&type});
}

// listElements walks '<tag> { A0 { element* } }' (the list alternative of
// ProfileInfoListResponse, ListNotificationResponse,
// RetrieveNotificationsListResponse) as received and returns each element's
// exact bytes, named "<itemName> #n" in errors. |der| must have passed
// checkSingleElement. Throws ctx.malformed() on unreadable TLVs.
std::vector<ByteView> listElements(ByteView der, const char *itemName, const Ctx &ctx);

// FieldSeen names an OPTIONAL field of a SEQUENCE by its tag and says
// whether asn1c decoded it.
struct FieldSeen {
  TagValue tag;
  const char *name;
  bool decoded;
};

// checkFieldsDecoded walks the elements of a SEQUENCE's |value| and throws
// ctx.malformed() for an element whose tag is one of |fields| that asn1c did
// not decode. asn1c takes an OPTIONAL field that comes out of the ASN.1 order
// for an unknown extension and skips it: without this check the field would
// be lost silently. Also throws on unreadable TLVs.
void checkFieldsDecoded(ByteView value, std::initializer_list<FieldSeen> fields, const Ctx &ctx);

// encodeDer returns the DER of |object| (der_encode into a growing buffer,
// under the lock). Throws ctx.internal() if asn1c fails.
Bytes encodeDer(asn_TYPE_descriptor_t &type, const void *object, const Ctx &ctx);

} // namespace esim::codec
