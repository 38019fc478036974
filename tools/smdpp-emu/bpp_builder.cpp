#include "bpp_builder.hpp"

#include "bsp/replace_session_keys.hpp"
#include "bsp/scp03t.hpp"
#include "codec/der_reader.hpp"
#include "codec/download_codec.hpp"

namespace smdpp {

namespace codec = esim::codec;

esim::Bytes smdpSignInput(const esim::InitialiseSecureChannelRequest &isc,
                          esim::ByteView euiccOtpk) {
  esim::Bytes out = codec::initialiseSecureChannelSignedPart(isc);
  codec::der::appendTlv(out, 0x5F49, euiccOtpk);
  return out;
}

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
  isc.smdpSign = sign(smdpSignInput(isc, in.euiccOtpk));

  bsp::Wrapper session(out.sessionKeys);
  codec::BoundProfilePackage bpp;
  bpp.initialiseSecureChannelRequest = codec::encodeInitialiseSecureChannelRequest(isc);
  bpp.firstSequenceOf87 = session.wrapSegments(bsp::SegmentTag::encrypted87, in.configureIsdp);
  bpp.sequenceOf88 = session.wrapSegments(bsp::SegmentTag::macOnly88, in.storeMetadata);
  if (in.ppk) {
    const bsp::SecretBytes rsk = bsp::encodeReplaceSessionKeys(*in.ppk);
    bpp.secondSequenceOf87 =
        std::vector<esim::Bytes>{session.wrap(bsp::SegmentTag::encrypted87, rsk.view())};
    bsp::Wrapper ppk(*in.ppk);
    bpp.sequenceOf86 = ppk.wrapSegments(bsp::SegmentTag::encrypted86, in.profilePackage);
  } else {
    bpp.sequenceOf86 = session.wrapSegments(bsp::SegmentTag::encrypted86, in.profilePackage);
  }
  out.boundProfilePackage = codec::encodeBoundProfilePackage(bpp);
  return out;
}

} // namespace smdpp
