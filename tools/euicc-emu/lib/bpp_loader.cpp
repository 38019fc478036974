// BppLoader: each LoadBoundProfilePackage call checked and unwrapped in the
// order the LPA sends them; every failure is an InstallFailure with the
// errorReason SGP.22 names (bsp::installErrorReason for SCP03t failures).
#include "bpp_loader.hpp"

#include "codec/download_codec.hpp"

#include <algorithm>

#include "bsp/bpp.hpp"
#include "bsp/error.hpp"
#include "bsp/kdf.hpp"
#include "bsp/replace_session_keys.hpp"
#include "codec/der_reader.hpp"
#include "codec/es10_codec.hpp"
#include "download_messages.hpp"
#include "esim/error.hpp"
#include "euicc_emu/ppr_authorisation.hpp"
#include "rsp_certificate.hpp"

namespace euicc_emu {

namespace {

namespace der = esim::codec::der;
using Cmd = BppCommandId;
using Why = InstallErrorReason;

constexpr esim::codec::TagValue kTagBpp = 0xBF36;
constexpr esim::codec::TagValue kTagFirst87 = 0xA0;
constexpr esim::codec::TagValue kTagSequence88 = 0xA1;
constexpr esim::codec::TagValue kTagSecond87 = 0xA2;
constexpr esim::codec::TagValue kTagSequence86 = 0xA3;
constexpr esim::codec::TagValue kTagConfigureIsdp = 0xBF24;
constexpr esim::codec::TagValue kTagDpProprietaryData = 0xB8;
constexpr esim::codec::TagValue kTagOid = 0x06;
constexpr esim::codec::TagValue kTagStoreMetadata = 0xBF25;
constexpr esim::codec::TagValue kTagIccid = 0x5A;
constexpr esim::codec::TagValue kTagProfileHeader = 0xA0; // ProfileElement header [0]
constexpr esim::codec::TagValue kTagHeaderIccid = 0x83;   // ProfileHeader iccid [3]
constexpr std::uint8_t kRemoteOpInstall = 1;
constexpr std::size_t kIccidBytes = 10;
constexpr std::size_t kSignatureTlvHeader = 3; // 5F 37 40
constexpr std::size_t kSignatureSize = 64;

[[noreturn]] void fail(Cmd command, Why reason, std::string why) {
  throw InstallFailure{command, reason, std::move(why)};
}

[[noreturn]] void failBsp(Cmd command, const bsp::Error &e) {
  fail(command, static_cast<Why>(bsp::installErrorReason(e.reason())),
       std::string(bsp::reasonId(e.reason())) + ": " + e.what());
}

// oneElement reads |input| as exactly one complete TLV with |tag|.
std::optional<der::Element> oneElement(esim::ByteView input, esim::codec::TagValue tag) {
  der::Reader r(input);
  der::Element e;
  if (r.next(e) != der::Status::ok || e.tag != tag || !r.empty()) return std::nullopt;
  return e;
}

// elements reads |value| as a sequence of TLVs; nullopt if it is not one.
std::optional<std::vector<der::Element>> elements(esim::ByteView value) {
  std::vector<der::Element> out;
  der::Reader r(value);
  der::Element e;
  der::Status s;
  while ((s = r.next(e)) == der::Status::ok)
    out.push_back(e);
  if (s != der::Status::end) return std::nullopt;
  return out;
}

// dottedOid turns OID content octets into "1.2.3"; nullopt if malformed.
std::optional<std::string> dottedOid(esim::ByteView content) {
  if (content.empty() || (content.back() & 0x80) != 0) return std::nullopt;
  std::string out;
  std::uint64_t value = 0;
  bool first = true;
  for (std::uint8_t b : content) {
    if (value > (UINT64_MAX >> 7)) return std::nullopt;
    value = (value << 7) | (b & 0x7F);
    if (b & 0x80) continue;
    if (first) {
      const std::uint64_t arc = value < 40 ? 0 : value < 80 ? 1 : 2;
      out = std::to_string(arc) + "." + std::to_string(value - arc * 40);
      first = false;
    } else {
      out += "." + std::to_string(value);
    }
    value = 0;
  }
  return out;
}

bool equal(esim::ByteView a, esim::ByteView b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

} // namespace

BppLoader::BppLoader(const DownloadSession &session, const EmulatorState &state,
                     esim::ByteView call) {
  const Cmd cmd = Cmd::initialiseSecureChannel;
  const std::optional<dl::Header> outer = dl::readHeader(call);
  if (!outer || outer->tag != kTagBpp) fail(cmd, Why::incorrectInputValues, "no BF36 header");
  const esim::ByteView bf23 = call.subspan(outer->headerSize);
  if (bf23.size() > outer->valueSize)
    fail(cmd, Why::incorrectInputValues, "BF23 longer than the BF36");
  bppRemaining_ = outer->valueSize - bf23.size();
  bsp::InitialiseSecureChannel isc;
  try {
    isc = bsp::parseInitialiseSecureChannel(bf23);
  } catch (const bsp::Error &e) {
    failBsp(cmd, e);
  }
  if (isc.remoteOpId != kRemoteOpInstall) {
    fail(cmd, Why::unsupportedRemoteOperationType, "remoteOpId " + std::to_string(isc.remoteOpId));
  }
  if (!equal(isc.transactionId, session.transactionId))
    fail(cmd, Why::invalidTransactionId, "transactionId is not the session's");
  if (isc.keyType != bsp::kKeyTypeAes || isc.keyLength != bsp::kKeyLength128)
    fail(cmd, Why::unsupportedCrtValues, "CRT keyType/keyLength not AES-128");
  // smdpSign covers the BF23 fields before it, then 5F49 euiccOtpk.
  const std::optional<dl::Header> inner = dl::readHeader(bf23);
  if (!inner || isc.smdpSign.size() != kSignatureSize)
    fail(cmd, Why::incorrectInputValues, "smdpSign is not 64 bytes");
  const std::uint8_t *signedStart = bf23.data() + inner->headerSize;
  const std::uint8_t *signedEnd = isc.smdpSign.data() - kSignatureTlvHeader;
  esim::Bytes signedInput(signedStart, signedEnd);
  der::appendTlv(signedInput, 0x5F49, session.euiccOtpk);
  std::optional<RspCertificate> dpPb = RspCertificate::parse(session.dpPbCertificate);
  if (!dpPb || !dpPb->verify(signedInput, isc.smdpSign))
    fail(cmd, Why::invalidSignature, "smdpSign does not verify with CERT.DPpb");
  try {
    bsp::SharedInfo info;
    info.keyType = isc.keyType;
    info.keyLength = isc.keyLength;
    info.hostId.assign(isc.hostId.begin(), isc.hostId.end());
    info.eid = state.eid;
    const bsp::EcPublicKey smdpOtpk = bsp::EcPublicKey::fromPoint(*session.curve, isc.smdpOtpk);
    unwrapper_.emplace(bsp::deriveSessionKeys(*session.otSk, smdpOtpk, info));
  } catch (const bsp::Error &e) {
    failBsp(cmd, e);
  }
  if (const auto free = state.euiccInfo2.extCardResourceDecoded.freeNonVolatileMemory)
    memoryLimit_ = static_cast<std::size_t>(std::min<std::uint64_t>(*free, SIZE_MAX));
}

void BppLoader::consume(esim::ByteView call, Cmd command) {
  if (call.size() > bppRemaining_)
    fail(command, Why::incorrectInputValues, "more bytes than the BF36 length announced");
  bppRemaining_ -= call.size();
}

esim::Bytes BppLoader::unwrapOne(esim::ByteView segment, bsp::SegmentTag tag, Cmd command) {
  if (segment.size() > kMaxAcceptedSegment) {
    fail(command, Why::scp03tStructureError,
         "segment of " + std::to_string(segment.size()) + " bytes");
  }
  try {
    return unwrapper_->unwrap(segment, tag);
  } catch (const bsp::Error &e) {
    failBsp(command, e);
  }
}

esim::Bytes BppLoader::unwrapAll(esim::ByteView sequence, bsp::SegmentTag tag, Cmd command) {
  const std::optional<std::vector<der::Element>> segments = elements(sequence);
  if (!segments || segments->empty()) fail(command, Why::scp03tStructureError, "no segments");
  esim::Bytes plain;
  for (const der::Element &s : *segments) {
    esim::Bytes part = unwrapOne(s.encoded, tag, command);
    plain.insert(plain.end(), part.begin(), part.end());
  }
  return plain;
}

void BppLoader::takeConfigureIsdp(esim::ByteView plaintext) {
  const std::optional<der::Element> request = oneElement(plaintext, kTagConfigureIsdp);
  if (!request) fail(Cmd::configureISDP, Why::incorrectInputValues, "not a ConfigureISDPRequest");
  const std::optional<std::vector<der::Element>> fields = elements(request->value);
  if (!fields) fail(Cmd::configureISDP, Why::incorrectInputValues, "bad ConfigureISDPRequest");
  for (const der::Element &f : *fields) {
    if (f.tag != kTagDpProprietaryData) continue;
    const std::optional<std::vector<der::Element>> inner = elements(f.value);
    if (!inner || inner->empty() || inner->front().tag != kTagOid ||
        !(dpOid_ = dottedOid(inner->front().value))) {
      fail(Cmd::configureISDP, Why::incorrectInputValues, "bad dpProprietaryData");
    }
  }
}

void BppLoader::takeMetadata(const EmulatorState &state) {
  const Cmd cmd = Cmd::storeMetadata;
  const std::optional<der::Element> request = oneElement(metadata_, kTagStoreMetadata);
  if (!request) fail(cmd, Why::incorrectInputValues, "not a StoreMetadataRequest");
  const std::optional<std::vector<der::Element>> fields = elements(request->value);
  if (!fields) fail(cmd, Why::incorrectInputValues, "bad StoreMetadataRequest");
  for (const der::Element &f : *fields) {
    if (f.tag == kTagIccid) metadataIccid_.assign(f.value.begin(), f.value.end());
  }
  if (metadataIccid_.size() != kIccidBytes) fail(cmd, Why::incorrectInputValues, "no iccid");
  // The codec reads StoreMetadataRequest as SGP.22 has it; an entry of
  // notificationConfigurationInfo may name several events (real SM-DP+s
  // send "enable, disable, delete" to one address), which the profile keeps
  // as one entry per event, the way GetProfilesInfo lists them.
  try {
    const esim::StoreMetadataRequest m = esim::codec::decodeStoreMetadataRequest(request->encoded);
    esim::ProfileInfo p;
    p.iccid = m.iccid;
    p.serviceProviderName = m.serviceProviderName;
    p.profileName = m.profileName;
    p.iconType = m.iconType;
    p.icon = m.icon;
    p.profileClass = m.profileClass;
    p.profileOwner = m.profileOwner;
    p.profilePolicyRules = m.profilePolicyRules;
    for (const auto &n : m.notificationConfigurationInfo) {
      const esim::NotificationEvents &e = n.profileManagementOperation;
      for (auto [on, event] :
           {std::pair{e.notificationInstall, esim::NotificationEvent::notificationInstall},
            std::pair{e.notificationEnable, esim::NotificationEvent::notificationEnable},
            std::pair{e.notificationDisable, esim::NotificationEvent::notificationDisable},
            std::pair{e.notificationDelete, esim::NotificationEvent::notificationDelete}}) {
        if (on) p.notificationConfigurationInfo.push_back({event, n.notificationAddress});
      }
    }
    profile_ = std::move(p);
  } catch (const esim::Error &e) {
    fail(cmd, Why::incorrectInputValues, std::string("StoreMetadataRequest: ") + e.what());
  }
  profile_->dpOid = dpOid_;
  for (const esim::ProfileInfo &p : state.profiles) {
    if (p.iccid == profile_->iccid) {
      fail(cmd, Why::installFailedDueToIccidAlreadyExistsOnEuicc,
           "ICCID " + *p.iccid + " is already installed");
    }
  }
  const auto &forbidden = state.euiccInfo2.forbiddenProfilePolicyRules;
  const auto &rules = profile_->profilePolicyRules;
  if (forbidden && rules &&
      ((forbidden->ppr1 && rules->ppr1) || (forbidden->ppr2 && rules->ppr2) ||
       (forbidden->pprUpdateControl && rules->pprUpdateControl))) {
    fail(cmd, Why::pprNotAllowed, "the profile sets a profile policy rule this eUICC forbids");
  }
  if (rules) {
    // The Profile Policy Enabler's check at installation (SGP.22 2.9.2); the
    // LPA asks the end user where the table wants consent, the card does not.
    const esim::RulesAuthorisationTable rat = state.rat ? *state.rat : defaultRat();
    if (std::optional<std::string> why = pprRefusal(*rules, profile_->profileOwner, rat))
      fail(cmd, Why::pprNotAllowed, *why);
  }
}

void BppLoader::checkProfileHeader() {
  const Cmd cmd = Cmd::loadProfileElements;
  const std::optional<dl::Header> h = dl::readHeader(upp_);
  if (!h || upp_.size() < h->headerSize + h->valueSize) return; // not complete yet
  headerChecked_ = true;
  if (h->tag != kTagProfileHeader)
    fail(cmd, Why::installFailedDueToPEProcessingError, "the first element is not a ProfileHeader");
  const esim::ByteView value = esim::ByteView(upp_).subspan(h->headerSize, h->valueSize);
  const std::optional<std::vector<der::Element>> fields = elements(value);
  if (!fields) fail(cmd, Why::installFailedDueToPEProcessingError, "bad ProfileHeader");
  for (const der::Element &f : *fields) {
    if (f.tag != kTagHeaderIccid) continue;
    // The ProfileHeader holds the ICCID in plain BCD digit order
    // (89 49 44 ...); StoreMetadata nibble-swapped as in EF.ICCID
    // (98 94 44 ...), as the TS.48 packages and osmo-smdpp show.
    esim::Bytes headerAsMetadata(f.value.begin(), f.value.end());
    for (auto &b : headerAsMetadata)
      b = static_cast<std::uint8_t>((b >> 4) | (b << 4));
    if (!equal(headerAsMetadata, metadataIccid_)) {
      fail(cmd, Why::installFailedDueToDataMismatch,
           "ProfileHeader iccid " + esim::toHex(f.value) + " differs from the metadata's " +
               esim::toHex(metadataIccid_) + " (nibble-swapped)");
    }
    return;
  }
  fail(cmd, Why::installFailedDueToPEProcessingError, "ProfileHeader without iccid");
}

void BppLoader::finish() {
  const Cmd cmd = Cmd::loadProfileElements;
  if (bppRemaining_ != 0) fail(cmd, Why::incorrectInputValues, "bytes after the A3");
  if (!headerChecked_) fail(cmd, Why::installFailedDueToPEProcessingError, "no ProfileHeader");
  if (!elements(upp_)) {
    fail(cmd, Why::installFailedDueToPEProcessingError,
         "the profile package is not a sequence of profile elements");
  }
  part_ = Part::done;
}

bool BppLoader::feed(const EmulatorState &state, esim::ByteView call) {
  switch (part_) {
  case Part::a0: {
    consume(call, Cmd::configureISDP);
    const std::optional<der::Element> a0 = oneElement(call, kTagFirst87);
    if (!a0) fail(Cmd::configureISDP, Why::incorrectInputValues, "expected the whole A0");
    takeConfigureIsdp(unwrapAll(a0->value, bsp::SegmentTag::encrypted87, Cmd::configureISDP));
    part_ = Part::a1Header;
    return false;
  }
  case Part::a1Header: {
    consume(call, Cmd::storeMetadata);
    const std::optional<dl::Header> h = dl::readHeader(call);
    if (!h || h->tag != kTagSequence88 || h->headerSize != call.size() || h->valueSize == 0)
      fail(Cmd::storeMetadata, Why::incorrectInputValues, "expected the A1 header alone");
    a1Remaining_ = h->valueSize;
    part_ = Part::sequence88;
    return false;
  }
  case Part::sequence88: {
    const Cmd cmd = segments88_++ == 0 ? Cmd::storeMetadata : Cmd::storeMetadata2;
    consume(call, cmd);
    if (call.size() > a1Remaining_) fail(cmd, Why::scp03tStructureError, "88 beyond the A1");
    a1Remaining_ -= call.size();
    esim::Bytes plain = unwrapOne(call, bsp::SegmentTag::macOnly88, cmd);
    metadata_.insert(metadata_.end(), plain.begin(), plain.end());
    if (a1Remaining_ == 0) {
      takeMetadata(state);
      part_ = Part::a2OrA3Header;
    }
    return false;
  }
  case Part::a2OrA3Header: {
    if (!call.empty() && call[0] == kTagSecond87 && call.size() > 2 &&
        oneElement(call, kTagSecond87)) {
      consume(call, Cmd::replaceSessionKeys);
      if (replacedKeys_) fail(Cmd::replaceSessionKeys, Why::incorrectInputValues, "a second A2");
      replacedKeys_ = true;
      const std::optional<der::Element> a2 = oneElement(call, kTagSecond87);
      esim::Bytes plain =
          unwrapAll(a2->value, bsp::SegmentTag::encrypted87, Cmd::replaceSessionKeys);
      try {
        unwrapper_.emplace(bsp::decodeReplaceSessionKeys(plain));
      } catch (const bsp::Error &e) {
        failBsp(Cmd::replaceSessionKeys, e);
      }
      bsp::wipe(plain);
      return false; // the A3 header comes next (a second A2 fails below)
    }
    consume(call, Cmd::loadProfileElements);
    const std::optional<dl::Header> h = dl::readHeader(call);
    if (!h || h->tag != kTagSequence86 || h->headerSize != call.size() || h->valueSize == 0) {
      fail(Cmd::loadProfileElements, Why::incorrectInputValues,
           "expected the A2 or the A3 header alone");
    }
    if (h->valueSize > memoryLimit_) {
      fail(Cmd::loadProfileElements, Why::installFailedDueToInsufficientMemoryForProfile,
           "the profile needs about " + std::to_string(h->valueSize) + " bytes, " +
               std::to_string(memoryLimit_) + " are free");
    }
    a3Remaining_ = h->valueSize;
    part_ = Part::sequence86;
    return false;
  }
  case Part::sequence86: {
    const Cmd cmd = Cmd::loadProfileElements;
    consume(call, cmd);
    if (call.size() > a3Remaining_) fail(cmd, Why::scp03tStructureError, "86 beyond the A3");
    a3Remaining_ -= call.size();
    esim::Bytes plain = unwrapOne(call, bsp::SegmentTag::encrypted86, cmd);
    upp_.insert(upp_.end(), plain.begin(), plain.end());
    if (upp_.size() > memoryLimit_)
      fail(cmd, Why::installFailedDueToInsufficientMemoryForProfile, "the profile is too big");
    if (!headerChecked_) checkProfileHeader();
    if (a3Remaining_ != 0) return false;
    finish();
    return true;
  }
  case Part::done: break;
  }
  fail(Cmd::loadProfileElements, Why::incorrectInputValues, "data after the complete BPP");
}

} // namespace euicc_emu
