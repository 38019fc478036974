// The download codec against a real card's answers and a real phone's
// requests (5ber trace, see download_trace_5ber.hpp), and round trips of
// every encoder/decoder pair.
#include <gtest/gtest.h>

#include "codec/download_codec.hpp"
#include "esim/bytes.hpp"
#include "esim/error.hpp"
#include "support/codec_test_util.hpp"
#include "unit/download_trace_5ber.hpp"

namespace {

using esim::Bytes;
using esim::fromHex;
using esim::toHex;
using esim::test::errorOf;
namespace codec = esim::codec;
namespace trace = esim::test::trace5ber;

const Bytes kTid = fromHex("00000000188DD217");

TEST(DownloadCodecTrace, GetEuiccChallengeResponse) {
  EXPECT_EQ(
      toHex(codec::decodeGetEuiccChallengeResponse(fromHex(trace::kGetEuiccChallengeResponse))),
      "9F6915434D2AF2176EA4518B45EB3890");
  EXPECT_EQ(
      toHex(codec::encodeGetEuiccChallengeResponse(fromHex("9F6915434D2AF2176EA4518B45EB3890"))),
      trace::kGetEuiccChallengeResponse);
  EXPECT_EQ(toHex(codec::encodeGetEuiccChallengeRequest()), "BF2E00");
}

TEST(DownloadCodecTrace, AuthenticateServerRequestOfAPhone) {
  const Bytes der = fromHex(trace::kAuthenticateServerRequest);
  const auto parts = codec::decodeAuthenticateServerRequest(der);
  EXPECT_EQ(parts.serverSigned1.transactionId, kTid);
  EXPECT_EQ(toHex(parts.serverSigned1.euiccChallenge), "9F6915434D2AF2176EA4518B45EB3890");
  EXPECT_EQ(parts.serverSigned1.serverAddress, "rsp.truphone.com");
  EXPECT_EQ(parts.serverSignature1.size(), 64u);
  EXPECT_EQ(parts.euiccCiPKIdToBeUsed.size(), 20u);
  EXPECT_EQ(parts.serverCertificate[0], 0x30);
  EXPECT_EQ(parts.ctxParams1.deviceInfo.tac.size(), 4u);
  // serverSigned1 is the exact bytes received.
  EXPECT_EQ(toHex(parts.serverSigned1.raw), toHex(parts.request.serverSigned1));
  EXPECT_EQ(codec::decodeServerSigned1(parts.serverSigned1.raw).raw, parts.serverSigned1.raw);
  // Our encoder, given the same inputs, builds the phone's request byte for byte.
  EXPECT_EQ(toHex(codec::encodeAuthenticateServerRequest(parts.request)), toHex(der));
  // ServerSigned1 re-encoded from its fields gives the same DER.
  esim::ServerSigned1 fields = parts.serverSigned1;
  fields.raw.clear();
  EXPECT_EQ(codec::encodeServerSigned1(fields), parts.serverSigned1.raw);
}

TEST(DownloadCodecTrace, PrepareDownloadRequestAndResponse) {
  const Bytes request = fromHex(trace::kPrepareDownloadRequest);
  const auto parts = codec::decodePrepareDownloadRequest(request);
  EXPECT_EQ(toHex(parts.smdpSigned2.raw), "300D800800000000188DD217010100");
  EXPECT_EQ(parts.smdpSigned2.transactionId, kTid);
  EXPECT_FALSE(parts.smdpSigned2.ccRequiredFlag);
  EXPECT_FALSE(parts.hashCc);
  EXPECT_EQ(toHex(parts.smdpSignature2Tlv).substr(0, 6), "5F3740");
  EXPECT_EQ(toHex(codec::encodePrepareDownloadRequest(parts.request)), toHex(request));

  const Bytes der = fromHex(trace::kPrepareDownloadResponse);
  const esim::PrepareDownloadResponse response = codec::decodePrepareDownloadResponse(der);
  ASSERT_TRUE(response.downloadResponseOk);
  EXPECT_FALSE(response.downloadResponseError);
  const auto &signed2 = response.downloadResponseOk->euiccSigned2;
  EXPECT_EQ(signed2.transactionId, kTid);
  EXPECT_EQ(signed2.euiccOtpk.size(), 65u);
  EXPECT_EQ(signed2.euiccOtpk[0], 0x04);
  EXPECT_FALSE(signed2.hashCc);
  EXPECT_EQ(response.downloadResponseOk->euiccSignature2.size(), 64u);
  EXPECT_EQ(response.raw, der);
  EXPECT_EQ(codec::encodePrepareDownloadResponse(response), der);
  esim::EuiccSigned2 fields = signed2;
  fields.raw.clear();
  EXPECT_EQ(codec::encodeEuiccSigned2(fields), signed2.raw);
}

TEST(DownloadCodecTrace, ProfileInstallationResult) {
  const Bytes der = fromHex(trace::kProfileInstallationResult);
  const esim::ProfileInstallationResult pir = codec::decodeProfileInstallationResult(der);
  const auto &data = pir.profileInstallationResultData;
  EXPECT_EQ(data.transactionId, kTid);
  EXPECT_EQ(data.notificationMetadata.seqNumber, 2);
  EXPECT_EQ(data.notificationMetadata.profileManagementOperation,
            esim::NotificationEvent::notificationInstall);
  EXPECT_EQ(data.notificationMetadata.notificationAddress, "rsp.truphone.com");
  EXPECT_EQ(data.notificationMetadata.iccid, "8944476500001067979");
  EXPECT_EQ(data.smdpOid, "1.3.6.1.4.1.30277.1.1.1");
  ASSERT_TRUE(data.successResult);
  EXPECT_FALSE(data.errorResult);
  EXPECT_EQ(toHex(data.successResult->aid), "A0000005591010FFFFFFFF8900001200");
  EXPECT_EQ(toHex(data.successResult->simaResponse), "3007A0053003800100");
  EXPECT_EQ(pir.euiccSignPIR.size(), 64u);
  EXPECT_EQ(toHex(data.raw).substr(0, 6), "BF2760");
  // The signed part is spliced back unchanged, and re-encoding it from its
  // fields happens to give the same bytes for this card.
  EXPECT_EQ(codec::encodeProfileInstallationResult(data.raw, pir.euiccSignPIR), der);
  esim::ProfileInstallationResultData fields = data;
  fields.raw.clear();
  EXPECT_EQ(toHex(codec::encodeProfileInstallationResultData(fields)), toHex(data.raw));
}

TEST(DownloadCodecTrace, BoundProfilePackageAndItsStoreMetadata) {
  const Bytes der = fromHex(trace::kBoundProfilePackage);
  const codec::BoundProfilePackage bpp = codec::decodeBoundProfilePackage(der);
  EXPECT_EQ(bpp.firstSequenceOf87.size(), 1u);
  ASSERT_EQ(bpp.sequenceOf88.size(), 1u);
  EXPECT_FALSE(bpp.secondSequenceOf87);
  EXPECT_EQ(bpp.sequenceOf86.size(), 19u);
  EXPECT_EQ(codec::encodeBoundProfilePackage(bpp), der);

  const auto isc = codec::decodeInitialiseSecureChannelRequest(bpp.initialiseSecureChannelRequest);
  EXPECT_EQ(isc.remoteOpId, 1);
  EXPECT_EQ(isc.transactionId, kTid);
  EXPECT_EQ(isc.controlRefTemplate.keyType, 0x88);
  EXPECT_EQ(isc.controlRefTemplate.keyLen, 0x10);
  EXPECT_EQ(toHex(isc.controlRefTemplate.hostId), "000102030405060708090A0B0C0D0E0F");
  EXPECT_EQ(isc.smdpOtpk.size(), 65u);
  EXPECT_EQ(isc.smdpSign.size(), 64u);
  EXPECT_EQ(isc.signedPart, codec::initialiseSecureChannelSignedPart(isc));
  EXPECT_EQ(codec::encodeInitialiseSecureChannelRequest(isc), bpp.initialiseSecureChannelRequest);

  const auto split = codec::splitBoundProfilePackage(der);
  ASSERT_EQ(split.size(), std::size(trace::kBppCommandSizes));
  std::size_t offset = 0;
  for (std::size_t i = 0; i < split.size(); ++i) {
    EXPECT_EQ(split[i].offset, offset) << "command " << i;
    EXPECT_EQ(split[i].length, trace::kBppCommandSizes[i]) << "command " << i;
    offset += split[i].length;
  }
  EXPECT_EQ(offset, der.size());
  const auto first = codec::decodeBppFirstCommand(esim::ByteView(der).first(split[0].length));
  EXPECT_EQ(first.boundProfilePackageLength, der.size() - 5);
  EXPECT_EQ(first.headerLength, 5u);
  EXPECT_EQ(first.initialiseSecureChannelRequest.raw, bpp.initialiseSecureChannelRequest);

  // 88 = StoreMetadata in plaintext followed by an 8-byte MAC.
  const Bytes &e88 = bpp.sequenceOf88[0];
  const Bytes metadataDer(e88.begin() + 2, e88.end() - 8);
  const esim::StoreMetadataRequest metadata = codec::decodeStoreMetadataRequest(metadataDer);
  EXPECT_EQ(metadata.iccid, "8944476500001067979");
  EXPECT_EQ(metadata.serviceProviderName, "BetterRoaming");
  ASSERT_EQ(metadata.notificationConfigurationInfo.size(), 1u);
  const auto &config = metadata.notificationConfigurationInfo[0];
  EXPECT_FALSE(config.profileManagementOperation.notificationInstall);
  EXPECT_TRUE(config.profileManagementOperation.notificationEnable);
  EXPECT_TRUE(config.profileManagementOperation.notificationDisable);
  EXPECT_TRUE(config.profileManagementOperation.notificationDelete);
  EXPECT_EQ(config.notificationAddress, "rsp.truphone.com");
  EXPECT_EQ(metadata.raw, metadataDer);
  EXPECT_EQ(toHex(codec::encodeStoreMetadataRequest(metadata)), toHex(metadataDer));
}

esim::CtxParamsForCommonAuthentication sampleCtx() {
  esim::CtxParamsForCommonAuthentication ctx;
  ctx.matchingId = "ABC-123";
  ctx.deviceInfo.tac = fromHex("35290611");
  ctx.deviceInfo.deviceCapabilities.eutranSupportedRelease = fromHex("0D0000");
  ctx.deviceInfo.imei = fromHex("3529061100000001");
  return ctx;
}

TEST(DownloadCodecRoundTrip, AuthenticateServerResponseBothAlternatives) {
  esim::AuthenticateServerResponse ok;
  esim::AuthenticateResponseOk value;
  value.euiccSigned1 = {kTid, "smdp.example", Bytes(16, 0x11), fromHex("BF2203820102"), sampleCtx(),
                        {}};
  value.euiccSignature1 = Bytes(64, 0x22);
  value.euiccCertificate = fromHex("3003020101");
  value.eumCertificate = fromHex("3003020102");
  ok.authenticateResponseOk = value;
  const Bytes der = codec::encodeAuthenticateServerResponse(ok);
  const auto back = codec::decodeAuthenticateServerResponse(der);
  ASSERT_TRUE(back.authenticateResponseOk);
  EXPECT_EQ(back.authenticateResponseOk->euiccSigned1.ctxParams1, sampleCtx());
  EXPECT_EQ(back.authenticateResponseOk->euiccSigned1.euiccInfo2, fromHex("BF2203820102"));
  EXPECT_EQ(back.authenticateResponseOk->euiccSigned1.raw,
            codec::encodeEuiccSigned1(value.euiccSigned1));
  EXPECT_EQ(back.raw, der);
  EXPECT_EQ(codec::encodeAuthenticateServerResponse(back), der);

  esim::AuthenticateServerResponse error;
  error.authenticateResponseError = {kTid, esim::AuthenticateErrorCode::ciPKUnknown};
  const Bytes errorDer = codec::encodeAuthenticateServerResponse(error);
  EXPECT_EQ(toHex(errorDer), "BF380FA10D800800000000188DD217020107");
  const auto decodedError = codec::decodeAuthenticateServerResponse(errorDer);
  ASSERT_TRUE(decodedError.authenticateResponseError);
  EXPECT_EQ(decodedError.authenticateResponseError->authenticateErrorCode,
            esim::AuthenticateErrorCode::ciPKUnknown);
  // An unnamed code is kept.
  const auto other =
      codec::decodeAuthenticateServerResponse(fromHex("BF380FA10D800800000000188DD217020108"));
  EXPECT_EQ(esim::describeCode(other.authenticateResponseError->authenticateErrorCode), "other(8)");
  EXPECT_EQ(esim::describeCode(esim::AuthenticateErrorCode::ciPKUnknown), "ciPKUnknown (7)");
}

TEST(DownloadCodecRoundTrip, PrepareDownloadErrorAndHashCc) {
  esim::PrepareDownloadResponse error;
  error.downloadResponseError = {kTid, esim::DownloadErrorCode::invalidTransactionId};
  const Bytes der = codec::encodePrepareDownloadResponse(error);
  EXPECT_EQ(toHex(der), "BF210FA10D800800000000188DD217020105");
  EXPECT_EQ(codec::decodePrepareDownloadResponse(der).downloadResponseError->downloadErrorCode,
            esim::DownloadErrorCode::invalidTransactionId);

  esim::SmdpSigned2 signed2{kTid, true, std::nullopt, {}};
  esim::PrepareDownloadRequest request{codec::encodeSmdpSigned2(signed2),
                                       codec::signatureTlv(Bytes(64, 1)), Bytes(32, 0xCC),
                                       fromHex("3003020101")};
  const auto parts =
      codec::decodePrepareDownloadRequest(codec::encodePrepareDownloadRequest(request));
  EXPECT_TRUE(parts.smdpSigned2.ccRequiredFlag);
  EXPECT_EQ(parts.hashCc, Bytes(32, 0xCC));
  EXPECT_EQ(parts.request, request);
  request.hashCc = Bytes(31, 0);
  EXPECT_NE(
      errorOf([&] { codec::encodePrepareDownloadRequest(request); }, esim::Errc::invalidArgument)
          .find("hashCc"),
      std::string::npos);
}

TEST(DownloadCodecRoundTrip, CancelSession) {
  const Bytes request =
      codec::encodeCancelSessionRequest({kTid, esim::CancelSessionReason::postponed});
  EXPECT_EQ(toHex(request), "BF410D800800000000188DD217810101");
  const auto decoded = codec::decodeCancelSessionRequest(request);
  EXPECT_EQ(decoded.transactionId, kTid);
  EXPECT_EQ(decoded.reason, esim::CancelSessionReason::postponed);

  esim::CancelSessionResponse ok;
  ok.cancelSessionResponseOk = esim::CancelSessionResponseOk{
      {kTid, "2.999.10", esim::CancelSessionReason::endUserRejection, {}}, Bytes(64, 3)};
  const Bytes der = codec::encodeCancelSessionResponse(ok);
  const auto back = codec::decodeCancelSessionResponse(der);
  ASSERT_TRUE(back.cancelSessionResponseOk);
  const auto &s = back.cancelSessionResponseOk->euiccCancelSessionSigned;
  EXPECT_EQ(s.smdpOid, "2.999.10");
  EXPECT_EQ(toHex(s.raw), "3012800800000000188DD217810388370A820100");
  EXPECT_EQ(back.raw, der);

  esim::CancelSessionResponse error;
  error.cancelSessionResponseError = esim::CancelSessionError::invalidTransactionId;
  EXPECT_EQ(toHex(codec::encodeCancelSessionResponse(error)), "BF4103810105");
  EXPECT_EQ(codec::decodeCancelSessionResponse(fromHex("BF4103810105")).cancelSessionResponseError,
            esim::CancelSessionError::invalidTransactionId);
}

TEST(DownloadCodecRoundTrip, BppPlaintextCommands) {
  EXPECT_EQ(toHex(codec::encodeConfigureIsdpRequest({})), "BF2400");
  EXPECT_FALSE(codec::decodeConfigureIsdpRequest(fromHex("BF2400")).dpOid);
  const Bytes withOid = codec::encodeConfigureIsdpRequest({"2.999.10"});
  EXPECT_EQ(codec::decodeConfigureIsdpRequest(withOid).dpOid, "2.999.10");

  esim::ReplaceSessionKeysRequest keys{Bytes(16, 0x22), Bytes(16, 0), Bytes(16, 0x11)};
  const Bytes der = codec::encodeReplaceSessionKeysRequest(keys);
  EXPECT_EQ(toHex(der).substr(0, 10), "BF26368010");
  EXPECT_EQ(codec::decodeReplaceSessionKeysRequest(der), keys);
}

TEST(DownloadCodecErrors, NameTheField) {
  EXPECT_NE(errorOf([] {
              codec::decodeGetEuiccChallengeResponse(fromHex("BF2E038001AA"));
            }).find("euiccChallenge"),
            std::string::npos);
  EXPECT_NE(errorOf([] {
              codec::decodePrepareDownloadResponse(fromHex("BF2105A103800101"));
            }).find("downloadErrorCode"),
            std::string::npos);
  Bytes pir = fromHex(trace::kProfileInstallationResult);
  pir.pop_back();
  EXPECT_NE(errorOf([&] { codec::decodeProfileInstallationResult(pir); }).find("truncated"),
            std::string::npos);
  EXPECT_NE(errorOf([] {
              codec::decodeCancelSessionResponse(fromHex("BF4103820105"));
            }).find("cancelSessionResponseError"),
            std::string::npos);
}

} // namespace
