// Private conversions shared by the notification codecs: NotificationMetadata
// (BF2F) and PendingNotification (BF37 or 30) between asn1c and the public
// structs. Decoders throw ctx.malformed(), encoders ctx.invalid().
#pragma once

#include "codec/asn1_support.hpp"
#include "esim/notification.hpp"

#include "NotificationMetadata.h"
#include "PendingNotification.h"

namespace esim::codec {

// toNotificationMetadata checks and converts a received NotificationMetadata:
// seqNumber not negative, exactly one event bit, iccid of 10 bytes.
NotificationMetadata toNotificationMetadata(const NotificationMetadata_t &in, const Ctx &ctx);

// setNotificationMetadata fills |out| from |in|.
void setNotificationMetadata(NotificationMetadata_t &out, const NotificationMetadata &in,
                             const Ctx &ctx);

// toPendingNotification converts a decoded PendingNotification whose exact
// DER is |raw| (the whole BF37 or 30 element). For an otherSignedNotification
// it also cuts the signed parts out of |raw| with the DER reader.
PendingNotification toPendingNotification(const PendingNotification_t &in, ByteView raw,
                                          const Ctx &ctx);

// checkPendingNotificationDer checks that |raw| is exactly one element with
// tag 30 or BF37 (what a PendingNotification can be) and returns its tag.
// Throws ctx.malformed() when |received|, ctx.invalid() otherwise.
TagValue checkPendingNotificationDer(ByteView raw, const Ctx &ctx, bool received);

} // namespace esim::codec
