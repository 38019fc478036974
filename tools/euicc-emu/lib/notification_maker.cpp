#include "notification_maker.hpp"

#include "codec/es10_codec.hpp"
#include "esim/apdu.hpp"
#include "esim/error.hpp"

namespace euicc_emu::es10 {

namespace codec = esim::codec;

void addNotifications(EmulatorState &next, const esim::ProfileInfo &profile,
                      esim::NotificationEvent event, const EuiccSigner *signer) {
  for (const esim::NotificationConfigurationInformation &config :
       profile.notificationConfigurationInfo) {
    if (config.profileManagementOperation != event) continue;
    if (!signer) {
      // Refusing is better than dropping the notification: the SM-DP+
      // would never learn of the change.
      throw esim::Error(esim::Errc::notAllowed,
                        "profile " + profile.iccid.value_or("?") + " asks for a " +
                            esim::notificationEventName(event) + " notification to " +
                            config.notificationAddress +
                            ", but the state has no \"pki\" (eUICC key and certificates) "
                            "to sign it with",
                        "add \"pki\" to the state file (docs/emulator.md) or "
                        "recreate it with `euicc-emu --state FILE --init --force`")
          .withStatusWord(esim::sw::kConditionsNotSatisfied);
    }
    esim::NotificationMetadata metadata;
    metadata.seqNumber = next.nextSeqNumber++;
    metadata.profileManagementOperation = event;
    metadata.notificationAddress = config.notificationAddress;
    metadata.iccid = profile.iccid;
    const esim::Bytes tbs = codec::encodeNotificationMetadata(metadata);
    const esim::Bytes signature = signer->sign(tbs);
    StoredNotification stored;
    stored.der = codec::encodeOtherSignedNotification(tbs, signature, signer->euiccCertificate(),
                                                      signer->eumCertificate());
    stored.metadata = std::move(metadata);
    next.notifications.push_back(std::move(stored));
  }
}

} // namespace euicc_emu::es10
