// BoundProfilePackage parsing with the codec's DER reader.
#include "bsp/bpp.hpp"

#include <string>

#include "bsp/error.hpp"
#include "codec/der_reader.hpp"

namespace bsp {

namespace {

namespace der = esim::codec::der;
using esim::codec::TagValue;

constexpr TagValue kTagBoundProfilePackage = 0xBF36;     // [54]
constexpr TagValue kTagInitialiseSecureChannel = 0xBF23; // [35]
constexpr TagValue kTagRemoteOpId = 0x82;                // [2]
constexpr TagValue kTagTransactionId = 0x80;             // [0]
constexpr TagValue kTagControlRefTemplate = 0xA6;        // [6]
constexpr TagValue kTagKeyType = 0x80;                   // [0] in A6
constexpr TagValue kTagKeyLength = 0x81;                 // [1] in A6
constexpr TagValue kTagHostId = 0x84;                    // [4] in A6
constexpr TagValue kTagSmdpOtpk = 0x5F49;                // [APPLICATION 73]
constexpr TagValue kTagSmdpSign = 0x5F37;                // [APPLICATION 55]
constexpr TagValue kTagFirstSequenceOf87 = 0xA0;
constexpr TagValue kTagSequenceOf88 = 0xA1;
constexpr TagValue kTagSecondSequenceOf87 = 0xA2;
constexpr TagValue kTagSequenceOf86 = 0xA3;

[[noreturn]] void malformed(const std::string &what) {
  throw Error(Reason::malformedBpp, "BSP: BoundProfilePackage: " + what);
}

// next reads one element, which must carry |tag|.
der::Element next(der::Reader &reader, TagValue tag, const char *name) {
  der::Element element;
  const der::Status status = reader.next(element);
  if (status == der::Status::end) malformed(std::string(name) + " is missing");
  if (status != der::Status::ok) malformed(std::string(name) + ": " + der::statusText(status));
  if (element.tag != tag)
    malformed(std::string("found ") + der::tagText(element.tag) + " where " + name + " (" +
              der::tagText(tag) + ") belongs");
  return element;
}

ByteView sized(const der::Element &element, std::size_t min, std::size_t max, const char *name) {
  if (element.value.size() < min || element.value.size() > max)
    malformed(std::string(name) + " has " + std::to_string(element.value.size()) + " bytes");
  return element.value;
}

std::vector<ByteView> segments(const der::Element &sequence, TagValue segmentTag,
                               const char *name) {
  std::vector<ByteView> out;
  der::Reader reader(sequence.value);
  while (!reader.empty())
    out.push_back(next(reader, segmentTag, name).encoded);
  if (out.empty()) malformed(std::string(name) + ": the sequence is empty");
  return out;
}

} // namespace

InitialiseSecureChannel parseInitialiseSecureChannel(ByteView der) {
  der::Reader outer(der);
  const der::Element request = next(outer, kTagInitialiseSecureChannel, "BF23");
  if (!outer.empty()) malformed("bytes after BF23");
  InitialiseSecureChannel out;
  out.encoded = request.encoded;
  der::Reader reader(request.value);
  out.remoteOpId = sized(next(reader, kTagRemoteOpId, "BF23/82 remoteOpId"), 1, 1, "remoteOpId")[0];
  out.transactionId =
      sized(next(reader, kTagTransactionId, "BF23/80 transactionId"), 1, 16, "transactionId");
  const der::Element crt = next(reader, kTagControlRefTemplate, "BF23/A6 controlRefTemplate");
  der::Reader crtReader(crt.value);
  out.keyType = sized(next(crtReader, kTagKeyType, "A6/80 keyType"), 1, 1, "keyType")[0];
  out.keyLength = sized(next(crtReader, kTagKeyLength, "A6/81 keyLen"), 1, 1, "keyLen")[0];
  out.hostId = sized(next(crtReader, kTagHostId, "A6/84 hostId"), 1, 16, "hostId");
  if (!crtReader.empty()) malformed("elements after A6/84 hostId");
  out.smdpOtpk = next(reader, kTagSmdpOtpk, "BF23/5F49 smdpOtpk").value;
  out.smdpSign = next(reader, kTagSmdpSign, "BF23/5F37 smdpSign").value;
  if (!reader.empty()) malformed("elements after BF23/5F37 smdpSign");
  return out;
}

BoundProfilePackage parseBoundProfilePackage(ByteView der) {
  der::Reader outer(der);
  const der::Element bpp = next(outer, kTagBoundProfilePackage, "BF36");
  if (!outer.empty()) malformed("bytes after BF36");
  BoundProfilePackage out;
  der::Reader reader(bpp.value);
  out.initialiseSecureChannel =
      parseInitialiseSecureChannel(next(reader, kTagInitialiseSecureChannel, "BF23").encoded);
  out.firstSequenceOf87 = segments(next(reader, kTagFirstSequenceOf87, "A0"), 0x87, "A0/87");
  out.sequenceOf88 = segments(next(reader, kTagSequenceOf88, "A1"), 0x88, "A1/88");
  der::Element element;
  der::Reader peek = reader;
  if (peek.next(element) == der::Status::ok && element.tag == kTagSecondSequenceOf87) {
    out.secondSequenceOf87 = segments(next(reader, kTagSecondSequenceOf87, "A2"), 0x87, "A2/87");
  }
  out.sequenceOf86 = segments(next(reader, kTagSequenceOf86, "A3"), 0x86, "A3/86");
  if (!reader.empty()) malformed("elements after A3");
  return out;
}

} // namespace bsp
