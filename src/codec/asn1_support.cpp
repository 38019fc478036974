#include "codec/asn1_support.hpp"

#include <mutex>

#include "codec/der_reader.hpp"
#include "esim/error.hpp"

#include "ber_decoder.h"
#include "der_encoder.h"

namespace esim::codec {

namespace {

// asn1c's decoder gives up ("stack limit reached") once it has used more
// than max_stack_size bytes of stack below the codec context, 30000 by
// default. What a decode uses depends on the compiler's frames, not on the
// input: every ES10 type nests to a fixed depth (none is recursive), yet an
// unoptimized build with AddressSanitizer passes 30000 bytes decoding a
// real card's profile list. 256 KiB keeps the guard and leaves any build
// room.
constexpr std::size_t kDecoderStackLimit = 256 * 1024;

constexpr const char *kMalformedHint =
    "the answer does not follow SGP.22; rerun with --trace and report the APDUs";

std::mutex &codecMutex() {
  static std::mutex mutex;
  return mutex;
}

// Depth of CodecLock objects alive on this thread.
thread_local int lockDepth = 0;

// appendToBytes is asn1c's output callback: it appends to a Bytes. It must
// not throw through C code, so an allocation failure becomes -1.
int appendToBytes(const void *buffer, std::size_t size, void *key) noexcept {
  try {
    auto *out = static_cast<Bytes *>(key);
    const auto *bytes = static_cast<const std::uint8_t *>(buffer);
    out->insert(out->end(), bytes, bytes + size);
    return 0;
  } catch (...) {
    return -1;
  }
}

} // namespace

Ctx Ctx::at(const std::string &part) const {
  Ctx inner = *this;
  inner.path_ += part;
  inner.path_ += ": ";
  return inner;
}

std::string Ctx::message(const std::string &what) const {
  const char *separator = direction_ == request    ? " request: "
                          : direction_ == response ? " response: "
                                                   : ": ";
  return std::string(function_) + separator + path_ + what;
}

void Ctx::malformed(const std::string &what) const {
  throw Error(Errc::malformedResponse, message(what), direction_ == response ? kMalformedHint : "");
}

void Ctx::invalid(const std::string &what) const {
  throw Error(Errc::invalidArgument, message(what));
}

void Ctx::internal(const std::string &what) const {
  throw Error(Errc::internal, message(what), "this is a bug in esimctl; please report it");
}

CodecLock::CodecLock() {
  if (lockDepth == 0) codecMutex().lock();
  ++lockDepth;
}

CodecLock::~CodecLock() {
  if (--lockDepth == 0) codecMutex().unlock();
}

void AsnDeleter::operator()(void *object) const noexcept {
  if (object == nullptr || type == nullptr) return;
  CodecLock lock;
  ASN_STRUCT_FREE(*type, object);
}

ByteView checkSingleElement(ByteView der, TagValue tag, const Ctx &ctx) {
  if (der.empty()) ctx.malformed("empty input, expected a " + der::tagText(tag) + " element");
  der::Reader reader(der);
  der::Element element;
  TagValue seen = 0;
  std::size_t tagLength = 0;
  // Name a wrong tag before complaining about its length.
  if (der::readTag(der, seen, tagLength) == der::Status::ok && seen != tag) {
    ctx.malformed("wrong tag " + der::tagText(seen) + ", expected " + der::tagText(tag));
  }
  const der::Status status = reader.next(element);
  if (status == der::Status::truncated) {
    ctx.malformed("truncated " + der::tagText(tag) + " element (" + std::to_string(der.size()) +
                  " bytes received)");
  }
  if (status != der::Status::ok) {
    ctx.malformed(std::string("outer element: ") + der::statusText(status));
  }
  if (!reader.empty()) {
    ctx.malformed(std::to_string(reader.rest().size()) + " trailing bytes after the " +
                  der::tagText(tag) + " element");
  }
  return element.value;
}

void *decodeRaw(asn_TYPE_descriptor_t &type, ByteView der, const Ctx &ctx) {
  void *object = nullptr;
  asn_dec_rval_t result{};
  {
    CodecLock lock;
    // asn1c measures its stack use from this object's address: it must be a
    // local of the caller.
    asn_codec_ctx_t codecCtx{kDecoderStackLimit};
    result = ber_decode(&codecCtx, &type, &object, der.data(), der.size());
  }
  // Owned from here on: asn1c may have allocated a partial object on failure.
  AsnPtr<void> owner(object, AsnDeleter{&type});
  if (result.code == RC_WMORE) {
    ctx.malformed(std::string("truncated ") + type.name + " (" + std::to_string(der.size()) +
                  " bytes received)");
  }
  if (result.code != RC_OK) {
    ctx.malformed(std::string("not a valid ") + type.name + " (asn1c stopped at byte " +
                  std::to_string(result.consumed) + " of " + std::to_string(der.size()) + ")");
  }
  if (result.consumed != der.size()) {
    ctx.malformed(std::to_string(der.size() - result.consumed) + " trailing bytes after " +
                  type.name);
  }
  if (owner == nullptr) ctx.malformed(std::string("no ") + type.name + " decoded");
  return owner.release();
}

std::vector<ByteView> listElements(ByteView der, const char *itemName, const Ctx &ctx) {
  der::Reader top(der);
  der::Element outer;
  der::Element list;
  if (top.next(outer) != der::Status::ok) ctx.malformed("unreadable outer element");
  der::Reader choice(outer.value);
  const der::Status listStatus = choice.next(list);
  if (listStatus != der::Status::ok || list.tag != kTagListWrapper) {
    ctx.malformed(std::string("list: ") + der::statusText(listStatus));
  }
  std::vector<ByteView> out;
  der::Reader items(list.value);
  der::Element item;
  for (der::Status status = items.next(item); status != der::Status::end;
       status = items.next(item)) {
    if (status != der::Status::ok) {
      ctx.malformed(std::string(itemName) + " #" + std::to_string(out.size() + 1) + ": " +
                    der::statusText(status));
    }
    out.push_back(item.encoded);
  }
  return out;
}

void checkFieldsDecoded(ByteView value, std::initializer_list<FieldSeen> fields, const Ctx &ctx) {
  der::Reader reader(value);
  der::Element element;
  for (der::Status status = reader.next(element); status != der::Status::end;
       status = reader.next(element)) {
    if (status != der::Status::ok)
      ctx.malformed(std::string("element: ") + der::statusText(status));
    for (const FieldSeen &field : fields) {
      if (field.tag == element.tag && !field.decoded) {
        ctx.malformed(std::string(field.name) + " (tag " + der::tagText(field.tag) +
                      ") is out of the ASN.1 order of its SEQUENCE");
      }
    }
  }
}

Bytes encodeDer(asn_TYPE_descriptor_t &type, const void *object, const Ctx &ctx) {
  Bytes out;
  asn_enc_rval_t result{};
  {
    CodecLock lock;
    // der_encode does not modify the object; its C signature lacks const.
    result = der_encode(&type, const_cast<void *>(object), appendToBytes, &out);
  }
  if (result.encoded < 0) {
    const char *failed = result.failed_type != nullptr ? result.failed_type->name : type.name;
    ctx.internal(std::string("asn1c could not encode ") + failed);
  }
  return out;
}

} // namespace esim::codec
