// LoadBoundProfilePackage (SGP.22 clause 5.7.6): the calls of one BPP go to
// the channel's BppLoader; its end, good or bad, is the signed
// ProfileInstallationResult (BF37), queued as the install notification in
// the same StateStore::commit as the profile, so a power loss leaves either
// both or neither.
#include <algorithm>

#include "bpp_loader.hpp"
#include "codec/der_reader.hpp"
#include "codec/es10_codec.hpp"
#include "download_functions.hpp"
#include "download_messages.hpp"
#include "esim/apdu.hpp"
#include "esim/error.hpp"
#include "state_names.hpp"

namespace euicc_emu::download {

namespace {

namespace der = esim::codec::der;

constexpr esim::codec::TagValue kTagPir = 0xBF37;
constexpr esim::codec::TagValue kTagPirData = 0xBF27;
constexpr esim::codec::TagValue kTagOid = 0x06;
constexpr esim::codec::TagValue kTagOctetString = 0x04;
constexpr esim::codec::TagValue kTagFinalResult = 0xA2;
constexpr esim::codec::TagValue kTagSuccess = 0xA0;
constexpr esim::codec::TagValue kTagError = 0xA1;
constexpr esim::codec::TagValue kTagAid = 0x4F;
constexpr esim::codec::TagValue kTagCtx0 = 0x80;
constexpr esim::codec::TagValue kTagCtx1 = 0x81;
// simaResponse of a success: one EUICCResponse, peStatus ok (as trace-5ber).
const esim::Bytes kSimaResponseOk = esim::fromHex("3007A0053003800100");
// ISD-P AIDs: A0000005591010FFFFFFFF89 00 00 nn 00, nn from 10 up.
const esim::Bytes kIsdpAidBase = esim::fromHex("A0000005591010FFFFFFFF8900001000");
constexpr std::size_t kIsdpAidCounterByte = 14;

constexpr std::uint8_t kBppContinuationTags[] = {0xA0, 0xA1, 0xA2, 0xA3, 0x86, 0x88};

esim::Bytes allocateIsdpAid(const EmulatorState &state) {
  esim::Bytes aid = kIsdpAidBase;
  for (unsigned n = aid[kIsdpAidCounterByte]; n <= 0xFF; ++n) {
    aid[kIsdpAidCounterByte] = static_cast<std::uint8_t>(n);
    if (std::none_of(state.profiles.begin(), state.profiles.end(),
                     [&](const esim::ProfileInfo &p) { return p.isdpAid == aid; }))
      return aid;
  }
  throw InstallFailure{BppCommandId::configureISDP,
                       InstallErrorReason::installFailedDueToInsufficientMemoryForProfile,
                       "no free ISD-P AID"};
}

std::string notificationAddress(const DownloadSession &session,
                                const std::optional<esim::ProfileInfo> &profile) {
  if (profile) {
    for (const auto &c : profile->notificationConfigurationInfo) {
      if (c.profileManagementOperation == esim::NotificationEvent::notificationInstall)
        return c.notificationAddress;
    }
  }
  // No install entry in the metadata (or no metadata yet): the SM-DP+ of
  // the session, as real eUICCs report it.
  return std::string(session.serverAddress.begin(), session.serverAddress.end());
}

// Outcome is what the installation result reports.
struct Outcome {
  std::optional<esim::Bytes> isdpAid;    // success
  std::optional<InstallFailure> failure; // error
};

// resultFor builds the signed BF37 and its stored notification.
StoredNotification resultFor(const EmulatorState &state, const DownloadSession &session,
                             const std::optional<esim::ProfileInfo> &profile,
                             const Outcome &outcome, const EuiccSigner &signer) {
  esim::NotificationMetadata metadata;
  metadata.seqNumber = state.nextSeqNumber;
  metadata.profileManagementOperation = esim::NotificationEvent::notificationInstall;
  metadata.notificationAddress = notificationAddress(session, profile);
  if (profile) metadata.iccid = profile->iccid;
  esim::Bytes result;
  if (outcome.isdpAid) {
    esim::Bytes success;
    der::appendTlv(success, kTagAid, *outcome.isdpAid);
    der::appendTlv(success, kTagOctetString, kSimaResponseOk);
    der::appendTlv(result, kTagSuccess, success);
  } else {
    esim::Bytes error;
    der::appendTlv(error, kTagCtx0,
                   esim::Bytes{static_cast<std::uint8_t>(outcome.failure->bppCommandId)});
    der::appendTlv(error, kTagCtx1,
                   esim::Bytes{static_cast<std::uint8_t>(outcome.failure->errorReason)});
    der::appendTlv(result, kTagError, error);
  }
  esim::Bytes data;
  der::appendTlv(data, kTagCtx0, session.transactionId);
  const esim::Bytes md = esim::codec::encodeNotificationMetadata(metadata);
  data.insert(data.end(), md.begin(), md.end());
  der::appendTlv(data, kTagOid, session.smdpOid);
  der::appendTlv(data, kTagFinalResult, result);
  esim::Bytes pirData;
  der::appendTlv(pirData, kTagPirData, data);
  esim::Bytes pir = pirData;
  const esim::Bytes signature = dl::signatureTlv(signer.sign(pirData));
  pir.insert(pir.end(), signature.begin(), signature.end());
  StoredNotification stored;
  stored.metadata = std::move(metadata);
  der::appendTlv(stored.der, kTagPir, pir);
  return stored;
}

// conclude commits the result (and, on success, the profile) in one save,
// ends the session and returns the BF37.
esim::Bytes conclude(StateStore &store, DownloadSession &session, const EuiccSigner &signer,
                     std::optional<InstallFailure> failure) {
  if (failure) session.lastDiagnostic = "LoadBoundProfilePackage failed: " + failure->why;
  const BppLoader *loader = session.loader.get();
  const std::optional<esim::ProfileInfo> profile =
      loader ? loader->profile() : std::optional<esim::ProfileInfo>();
  if (!failure) {
    try {
      EmulatorState next = store.state();
      esim::ProfileInfo installed = *profile;
      installed.isdpAid = allocateIsdpAid(next);
      installed.profileState = esim::ProfileState::disabled;
      Outcome outcome{installed.isdpAid, std::nullopt};
      StoredNotification pir = resultFor(next, session, profile, outcome, signer);
      auto &ext = next.euiccInfo2.extCardResourceDecoded;
      if (ext.freeNonVolatileMemory) {
        *ext.freeNonVolatileMemory -=
            std::min<std::uint64_t>(*ext.freeNonVolatileMemory, loader->profileSize());
        next.euiccInfo2.extCardResource = names::encodeExtCardResource(ext);
      }
      // Its later notifications are signed as this download was.
      if (installed.iccid && !session.signingCiPkid.empty())
        next.profileCiPKIds[*installed.iccid] = session.signingCiPkid;
      next.profiles.push_back(std::move(installed));
      next.notifications.push_back(pir);
      next.nextSeqNumber++;
      store.commit(std::move(next));
      session.end();
      return pir.der;
    } catch (const InstallFailure &f) {
      failure = f;
      session.lastDiagnostic = "LoadBoundProfilePackage failed: " + f.why;
    } catch (const esim::Error &e) {
      // The metadata breaks a rule of the state (validateState): refused,
      // as a real eUICC refuses values it cannot store.
      if (e.code() != esim::Errc::emulator) throw;
      failure = InstallFailure{BppCommandId::storeMetadata,
                               InstallErrorReason::incorrectInputValues, e.what()};
      session.lastDiagnostic = std::string("LoadBoundProfilePackage refused: ") + e.what();
    }
  }
  EmulatorState next = store.state();
  StoredNotification pir =
      resultFor(next, session, profile, Outcome{std::nullopt, failure}, signer);
  next.notifications.push_back(pir);
  next.nextSeqNumber++;
  session.end(); // whatever the save does, this session is over
  store.commit(std::move(next));
  return pir.der;
}

} // namespace

bool isBppContinuation(const DownloadSession &session, esim::ByteView request) noexcept {
  if (session.stage != DownloadStage::loading || request.empty()) return false;
  return std::find(std::begin(kBppContinuationTags), std::end(kBppContinuationTags), request[0]) !=
         std::end(kBppContinuationTags);
}

esim::Bytes loadBoundProfilePackage(StateStore &store, DownloadSession &session,
                                    esim::ByteView request) {
  const EuiccSigner &signer = sessionSigner(store, session, "LoadBoundProfilePackage");
  const std::optional<dl::Header> header = dl::readHeader(request);
  const bool first = header && header->tag == dl::kTagLoadBoundProfilePackage;
  if (first && session.stage == DownloadStage::prepared) {
    try {
      session.loader = std::make_unique<BppLoader>(session, store.state(), request);
      session.stage = DownloadStage::loading;
      return {};
    } catch (const InstallFailure &f) {
      return conclude(store, session, signer, f);
    }
  }
  if (session.stage != DownloadStage::loading) {
    throw esim::Error(esim::Errc::notAllowed,
                      "LoadBoundProfilePackage without a PrepareDownload on this channel")
        .withStatusWord(esim::sw::kConditionsNotSatisfied);
  }
  try {
    if (first) {
      throw InstallFailure{BppCommandId::initialiseSecureChannel,
                           InstallErrorReason::incorrectInputValues,
                           "a new BF36 while a BPP was being loaded"};
    }
    if (!session.loader->feed(store.state(), request)) return {};
  } catch (const InstallFailure &f) {
    return conclude(store, session, signer, f);
  }
  return conclude(store, session, signer, std::nullopt);
}

} // namespace euicc_emu::download
