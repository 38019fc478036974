// ReplaceSessionKeysRequest (BF26) encoding and decoding with the codec's DER reader.
#include "bsp/replace_session_keys.hpp"

#include <optional>

#include "bsp/error.hpp"
#include "codec/der_reader.hpp"

namespace bsp {

namespace {

namespace der = esim::codec::der;
using esim::codec::TagValue;

constexpr TagValue kTagReplaceSessionKeys = 0xBF26; // [38]
constexpr TagValue kTagInitialMcv = 0x80;           // initialMacChainingValue [0]
constexpr TagValue kTagPpkEnc = 0x81;               // ppkEnc [1]
constexpr TagValue kTagPpkCmac = 0x82;              // ppkCmac [2]

[[noreturn]] void malformed(const std::string &what) {
  throw Error(Reason::malformedCommand, "BSP: ReplaceSessionKeysRequest (BF26): " + what);
}

ByteView readKey(der::Reader &reader, TagValue tag) {
  der::Element element;
  if (reader.next(element) != der::Status::ok || element.tag != tag)
    malformed("expected element " + der::tagText(tag));
  if (element.value.size() != Key128::kSize)
    malformed("element " + der::tagText(tag) + " has " + std::to_string(element.value.size()) +
              " bytes, not 16");
  return element.value;
}

} // namespace

SecretBytes encodeReplaceSessionKeys(const SessionKeys &ppk) {
  Bytes inner;
  der::appendTlv(inner, kTagInitialMcv, ppk.initialMcv.view());
  der::appendTlv(inner, kTagPpkEnc, ppk.sEnc.view());
  der::appendTlv(inner, kTagPpkCmac, ppk.sMac.view());
  Bytes out;
  der::appendTlv(out, kTagReplaceSessionKeys, inner);
  wipe(inner);
  return SecretBytes(std::move(out));
}

SessionKeys decodeReplaceSessionKeys(ByteView der) {
  der::Reader outer(der);
  der::Element request;
  const der::Status status = outer.next(request);
  if (status != der::Status::ok) malformed(der::statusText(status));
  if (request.tag != kTagReplaceSessionKeys)
    malformed("the command's tag is " + der::tagText(request.tag));
  if (!outer.empty()) malformed("bytes after the request");
  der::Reader inner(request.value);
  const ByteView mcv = readKey(inner, kTagInitialMcv);
  const ByteView enc = readKey(inner, kTagPpkEnc);
  const ByteView mac = readKey(inner, kTagPpkCmac);
  if (!inner.empty()) malformed("elements after ppkCmac");
  return SessionKeys{Key128(mcv), Key128(enc), Key128(mac)};
}

} // namespace bsp
