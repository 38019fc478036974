// Signed notifications the eUICC makes when a profile changes state (SGP.22
// clauses 3.2.x, 5.7.9; ASN.1 OtherSignedNotification). Internal.
#pragma once

#include "esim/notification.hpp"
#include "esim/profile.hpp"
#include "euicc_emu/state.hpp"
#include "euicc_signer.hpp"

namespace euicc_emu::es10 {

// addNotifications appends to |next|.notifications one signed notification
// for each entry of |profile|.notificationConfigurationInfo whose event is
// |event|, numbered from |next|.nextSeqNumber (which moves on past them, so a
// number is never handed out twice). Each is an OtherSignedNotification:
// tbsOtherNotification {seqNumber, event, notificationAddress, iccid}, its
// signature by |signer| (raw r||s) and the eUICC and EUM certificates.
// Throws esim::Error(Errc::notAllowed) carrying status word 6985 if a
// notification is needed but |signer| is null (the state has no "pki"), or
// what the signer and the codec throw.
void addNotifications(EmulatorState &next, const esim::ProfileInfo &profile,
                      esim::NotificationEvent event, const EuiccSigner *signer);

} // namespace euicc_emu::es10
