#include "rsp_encode.hpp"

#include "codec/der_reader.hpp"
#include "esim/iccid.hpp"

namespace smdpp {

namespace der = esim::codec::der;

namespace {

constexpr esim::codec::TagValue kTagSequence = 0x30;
constexpr esim::codec::TagValue kTagBoolean = 0x01;
constexpr esim::codec::TagValue kCtx0 = 0x80, kCtx1 = 0x81, kCtx2 = 0x82, kCtx3 = 0x83,
                                kCtx4 = 0x84;
constexpr esim::codec::TagValue kTagOtpk = 0x5F49;
constexpr esim::codec::TagValue kTagSignature = 0x5F37;
constexpr esim::codec::TagValue kTagCrt = 0xA6;
constexpr esim::codec::TagValue kTagInitialiseSecureChannel = 0xBF23;
constexpr esim::codec::TagValue kTagStoreMetadata = 0xBF25;
// StoreMetadataRequest fields.
constexpr esim::codec::TagValue kTagIccid = 0x5A;
constexpr esim::codec::TagValue kTagSpn = 0x91, kTagProfileName = 0x92, kTagIconType = 0x93;
constexpr esim::codec::TagValue kTagIcon = 0x94, kTagProfileClass = 0x95;
constexpr esim::codec::TagValue kTagNotificationInfo = 0xB6, kTagPprs = 0x99;
constexpr std::uint8_t kRemoteOpInstallBpp = 0x01;

esim::Bytes text(const std::string &s) {
  return esim::Bytes(s.begin(), s.end());
}

// bitString returns a DER BIT STRING value (unused-bits octet, then the
// bits) for |bits| (bit 0 is the most significant bit of the first octet),
// trailing zero bits removed as DER requires for named bits.
esim::Bytes bitString(std::initializer_list<bool> bits) {
  int highest = -1;
  int i = 0;
  for (bool b : bits) {
    if (b) highest = i;
    ++i;
  }
  if (highest < 0) {
    return {0x00};
  }
  std::uint8_t octet = 0;
  i = 0;
  for (bool b : bits) {
    if (b) octet |= static_cast<std::uint8_t>(0x80 >> i);
    ++i;
  }
  return {static_cast<std::uint8_t>(7 - highest), octet};
}

void appendSignedPart(esim::Bytes &out, const esim::InitialiseSecureChannelRequest &v) {
  der::appendTlv(out, kCtx2, esim::Bytes{kRemoteOpInstallBpp});
  der::appendTlv(out, kCtx0, v.transactionId);
  esim::Bytes crt;
  der::appendTlv(crt, kCtx0, esim::Bytes{v.controlRefTemplate.keyType});
  der::appendTlv(crt, kCtx1, esim::Bytes{v.controlRefTemplate.keyLen});
  der::appendTlv(crt, kCtx4, v.controlRefTemplate.hostId);
  der::appendTlv(out, kTagCrt, crt);
  der::appendTlv(out, kTagOtpk, v.smdpOtpk);
}

} // namespace

esim::Bytes encodeServerSigned1(const esim::ServerSigned1 &v) {
  esim::Bytes inner;
  der::appendTlv(inner, kCtx0, v.transactionId);
  der::appendTlv(inner, kCtx1, v.euiccChallenge);
  der::appendTlv(inner, kCtx3, text(v.serverAddress));
  der::appendTlv(inner, kCtx4, v.serverChallenge);
  esim::Bytes out;
  der::appendTlv(out, kTagSequence, inner);
  return out;
}

esim::Bytes encodeSmdpSigned2(const esim::SmdpSigned2 &v) {
  esim::Bytes inner;
  der::appendTlv(inner, kCtx0, v.transactionId);
  der::appendTlv(inner, kTagBoolean,
                 esim::Bytes{v.ccRequiredFlag ? std::uint8_t{0xFF} : std::uint8_t{0x00}});
  if (v.bppEuiccOtpk) {
    der::appendTlv(inner, kTagOtpk, *v.bppEuiccOtpk);
  }
  esim::Bytes out;
  der::appendTlv(out, kTagSequence, inner);
  return out;
}

esim::Bytes encodeStoreMetadata(const esim::StoreMetadataRequest &v) {
  esim::Bytes inner;
  der::appendTlv(inner, kTagIccid, esim::encodeIccid(v.iccid));
  der::appendTlv(inner, kTagSpn, text(v.serviceProviderName));
  der::appendTlv(inner, kTagProfileName, text(v.profileName));
  if (v.iconType && v.icon) {
    der::appendTlv(inner, kTagIconType, esim::Bytes{static_cast<std::uint8_t>(*v.iconType)});
    der::appendTlv(inner, kTagIcon, *v.icon);
  }
  // profileClass is DEFAULT operational: DER leaves the default out.
  if (v.profileClass != esim::ProfileClass::operational) {
    der::appendTlv(inner, kTagProfileClass, esim::Bytes{static_cast<std::uint8_t>(v.profileClass)});
  }
  if (!v.notificationConfigurationInfo.empty()) {
    esim::Bytes list;
    for (const esim::NotificationConfiguration &c : v.notificationConfigurationInfo) {
      const esim::NotificationEvents &e = c.profileManagementOperation;
      esim::Bytes entry;
      der::appendTlv(entry, kCtx0,
                     bitString({e.notificationInstall, e.notificationEnable, e.notificationDisable,
                                e.notificationDelete}));
      der::appendTlv(entry, kCtx1, text(c.notificationAddress));
      der::appendTlv(list, kTagSequence, entry);
    }
    der::appendTlv(inner, kTagNotificationInfo, list);
  }
  if (v.profilePolicyRules) {
    const esim::PprIds &p = *v.profilePolicyRules;
    der::appendTlv(inner, kTagPprs, bitString({p.pprUpdateControl, p.ppr1, p.ppr2}));
  }
  esim::Bytes out;
  der::appendTlv(out, kTagStoreMetadata, inner);
  return out;
}

esim::Bytes initialiseSecureChannelSignedData(const esim::InitialiseSecureChannelRequest &v,
                                              esim::ByteView euiccOtpk) {
  esim::Bytes out;
  appendSignedPart(out, v);
  der::appendTlv(out, kTagOtpk, euiccOtpk);
  return out;
}

esim::Bytes encodeInitialiseSecureChannel(const esim::InitialiseSecureChannelRequest &v) {
  esim::Bytes inner;
  appendSignedPart(inner, v);
  der::appendTlv(inner, kTagSignature, v.smdpSign);
  esim::Bytes out;
  der::appendTlv(out, kTagInitialiseSecureChannel, inner);
  return out;
}

esim::Bytes signatureTlv(esim::ByteView rs) {
  esim::Bytes out;
  der::appendTlv(out, kTagSignature, rs);
  return out;
}

} // namespace smdpp
