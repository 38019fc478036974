#include "bpp_builder.hpp"

#include "bsp/replace_session_keys.hpp"
#include "bsp/scp03t.hpp"
#include "codec/der_reader.hpp"
#include "rsp_encode.hpp"

namespace smdpp {

namespace der = esim::codec::der;

namespace {

constexpr esim::codec::TagValue kTagBpp = 0xBF36;
constexpr esim::codec::TagValue kTagFirstSequenceOf87 = 0xA0;
constexpr esim::codec::TagValue kTagSequenceOf88 = 0xA1;
constexpr esim::codec::TagValue kTagSecondSequenceOf87 = 0xA2;
constexpr esim::codec::TagValue kTagSequenceOf86 = 0xA3;

esim::Bytes joined(const std::vector<esim::Bytes> &segments) {
  esim::Bytes out;
  for (const esim::Bytes &s : segments) {
    out.insert(out.end(), s.begin(), s.end());
  }
  return out;
}

} // namespace

BppOutput buildBoundProfilePackage(const BppInput &in, const bsp::EcPrivateKey &otsk,
                                   const BppSigner &sign) {
  const bsp::EcPublicKey euiccPk = bsp::EcPublicKey::fromPoint(otsk.curve(), in.euiccOtpk);
  bsp::SharedInfo info;
  info.hostId = in.hostId;
  info.eid = in.eid;
  BppOutput out{{}, otsk.publicKey().point(), bsp::deriveSessionKeys(otsk, euiccPk, info)};

  esim::InitialiseSecureChannelRequest isc;
  isc.transactionId = in.transactionId;
  isc.controlRefTemplate.hostId = in.hostId;
  isc.smdpOtpk = out.smdpOtpk;
  isc.smdpSign = sign(initialiseSecureChannelSignedData(isc, in.euiccOtpk));

  bsp::Wrapper session(out.sessionKeys);
  esim::Bytes value = encodeInitialiseSecureChannel(isc);
  der::appendTlv(value, kTagFirstSequenceOf87,
                 joined(session.wrapSegments(bsp::SegmentTag::encrypted87, in.configureIsdp)));
  der::appendTlv(value, kTagSequenceOf88,
                 joined(session.wrapSegments(bsp::SegmentTag::macOnly88, in.storeMetadata)));
  if (in.ppk) {
    const bsp::SecretBytes rsk = bsp::encodeReplaceSessionKeys(*in.ppk);
    der::appendTlv(value, kTagSecondSequenceOf87,
                   session.wrap(bsp::SegmentTag::encrypted87, rsk.view()));
    bsp::Wrapper ppk(*in.ppk);
    der::appendTlv(value, kTagSequenceOf86,
                   joined(ppk.wrapSegments(bsp::SegmentTag::encrypted86, in.profilePackage)));
  } else {
    der::appendTlv(value, kTagSequenceOf86,
                   joined(session.wrapSegments(bsp::SegmentTag::encrypted86, in.profilePackage)));
  }
  der::appendTlv(out.boundProfilePackage, kTagBpp, value);
  return out;
}

} // namespace smdpp
