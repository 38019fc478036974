#include "demo_profile.hpp"

#include <algorithm>
#include <stdexcept>

#include "codec/der_reader.hpp"

namespace smdpp {

namespace der = esim::codec::der;

namespace {

// ProfileElement CHOICE tags of the SAIP PEDefinitions (AUTOMATIC TAGS).
constexpr esim::codec::TagValue kTagProfileHeader = 0xA0; // header [0]
constexpr esim::codec::TagValue kTagNonStandard = 0xA9;   // nonStandard [9]
constexpr esim::codec::TagValue kTagEnd = 0xAA;           // end [10]
// Fields of ProfileHeader.
constexpr esim::codec::TagValue kTagMajorVersion = 0x80;
constexpr esim::codec::TagValue kTagMinorVersion = 0x81;
constexpr esim::codec::TagValue kTagProfileType = 0x82;
constexpr esim::codec::TagValue kTagHeaderIccid = 0x83;
constexpr esim::codec::TagValue kTagMandatoryServices = 0xA5;
constexpr esim::codec::TagValue kTagMandatoryGfste = 0xA6;
constexpr esim::codec::TagValue kTagOid = 0x06;
// PEHeader and PE-NonStandard fields.
constexpr esim::codec::TagValue kTagPeHeader = 0xA0;
constexpr esim::codec::TagValue kTagIdentification = 0x81;
constexpr esim::codec::TagValue kTagIssuerId = 0x81;
constexpr esim::codec::TagValue kTagContent = 0x82;

// 2.999.10.1: an OID under the example arc 2.999, as issuerID of the
// non-standard elements (content octets: 2*40+999 = 1079 = 88 37, 0A, 01).
const esim::Bytes kDemoIssuerId = {0x88, 0x37, 0x0A, 0x01};
// id-MF ... GFSTE OIDs 2.23.143.1.2.1 (usim) and 2.23.143.1.2.4 (isim).
const esim::Bytes kGfsteUsim = {0x67, 0x81, 0x0F, 0x01, 0x02, 0x01};
const esim::Bytes kGfsteIsim = {0x67, 0x81, 0x0F, 0x01, 0x02, 0x04};
constexpr std::size_t kFillerBytes = 1500;
constexpr std::size_t kMaxFillerElements = 254;

esim::Bytes text(const std::string &s) {
  return esim::Bytes(s.begin(), s.end());
}

// plainBcd is the ProfileHeader's ICCID: the digits in order, F padded to
// 10 bytes (not nibble-swapped as in EF.ICCID and StoreMetadata).
esim::Bytes plainBcd(const std::string &iccid) {
  if (iccid.size() < 18 || iccid.size() > 20 ||
      iccid.find_first_not_of("0123456789") != std::string::npos) {
    throw std::runtime_error("the demo ICCID must be 18..20 digits, got \"" + iccid + "\"");
  }
  std::string digits = iccid;
  digits.resize(20, 'F');
  esim::Bytes out;
  for (std::size_t i = 0; i < digits.size(); i += 2) {
    const auto nibble = [](char c) { return c == 'F' ? 0xF : c - '0'; };
    out.push_back(static_cast<std::uint8_t>(nibble(digits[i]) << 4 | nibble(digits[i + 1])));
  }
  return out;
}

esim::Bytes peHeader(std::uint8_t identification) {
  esim::Bytes inner;
  der::appendTlv(inner, kTagIdentification, esim::Bytes{identification});
  esim::Bytes out;
  der::appendTlv(out, kTagPeHeader, inner);
  return out;
}

esim::Bytes nonStandard(std::uint8_t identification, const std::string &label) {
  esim::Bytes content = text(label + ": ");
  while (content.size() < kFillerBytes) {
    const std::string line =
        "esimctl demo profile, synthetic content, offset " + std::to_string(content.size()) + ". ";
    content.insert(content.end(), line.begin(), line.end());
  }
  content.resize(kFillerBytes);
  esim::Bytes value = peHeader(identification);
  der::appendTlv(value, kTagIssuerId, kDemoIssuerId);
  der::appendTlv(value, kTagContent, content);
  esim::Bytes out;
  der::appendTlv(out, kTagNonStandard, value);
  return out;
}

} // namespace

esim::Bytes demoProfilePackage(const std::string &iccid, std::size_t fillerElements) {
  esim::Bytes header;
  der::appendTlv(header, kTagMajorVersion, esim::Bytes{0x02});
  der::appendTlv(header, kTagMinorVersion, esim::Bytes{0x03});
  der::appendTlv(header, kTagProfileType, text("esimctl demo travel profile"));
  der::appendTlv(header, kTagHeaderIccid, plainBcd(iccid));
  der::appendTlv(header, kTagMandatoryServices, esim::Bytes{0x81, 0x00}); // usim
  esim::Bytes gfste;
  der::appendTlv(gfste, kTagOid, kGfsteUsim);
  der::appendTlv(gfste, kTagOid, kGfsteIsim);
  der::appendTlv(header, kTagMandatoryGfste, gfste);

  esim::Bytes upp;
  der::appendTlv(upp, kTagProfileHeader, header);
  // identification is one byte: element numbers 1..254, PE-End the next.
  const std::size_t elements = std::min<std::size_t>(fillerElements, kMaxFillerElements);
  for (std::size_t i = 1; i <= elements; ++i) {
    const esim::Bytes element =
        nonStandard(static_cast<std::uint8_t>(i), "demo element " + std::to_string(i));
    upp.insert(upp.end(), element.begin(), element.end());
  }
  der::appendTlv(upp, kTagEnd, peHeader(static_cast<std::uint8_t>(elements + 1)));
  return upp;
}

} // namespace smdpp
