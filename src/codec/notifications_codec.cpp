// The ES10b notification functions: ListNotification (BF28),
// RetrieveNotificationsList (BF2B) and RemoveNotificationFromList (BF30,
// NotificationSentRequest/Response).
#include <limits>

#include "codec/asn1_values.hpp"
#include "codec/der_reader.hpp"
#include "codec/es10_codec.hpp"
#include "codec/notification_parts.hpp"
#include "codec/tags.hpp"

#include "ListNotificationRequest.h"
#include "ListNotificationResponse.h"
#include "NotificationSentRequest.h"
#include "NotificationSentResponse.h"
#include "RetrieveNotificationsListRequest.h"
#include "RetrieveNotificationsListResponse.h"

namespace esim::codec {

namespace {

constexpr const char *kListNotification = "ListNotification";
constexpr const char *kRetrieveNotificationsList = "RetrieveNotificationsList";
constexpr const char *kRemoveNotificationFromList = "RemoveNotificationFromList";

long checkSeqNumber(std::int64_t seqNumber, const Ctx &ctx) {
  if (seqNumber < 0 || seqNumber > std::numeric_limits<long>::max()) {
    ctx.invalid("seqNumber " + std::to_string(seqNumber) + " is out of range");
  }
  return static_cast<long>(seqNumber);
}

std::int64_t receivedSeqNumber(long seqNumber, const Ctx &ctx) {
  if (seqNumber < 0) ctx.malformed("seqNumber " + std::to_string(seqNumber) + " is negative");
  return seqNumber;
}

} // namespace

// ---- ListNotification ----

Bytes encodeListNotificationRequest(std::optional<NotificationEvent> filter) {
  const Ctx ctx(kListNotification, Ctx::request);
  auto out = makeAsn<ListNotificationRequest_t>(asn_DEF_ListNotificationRequest);
  if (filter) {
    out->profileManagementOperation = callocOrThrow<NotificationEvent_t>();
    setNotificationEvent(*out->profileManagementOperation, *filter, ctx);
  }
  return encodeDer(asn_DEF_ListNotificationRequest, out.get(), ctx);
}

std::optional<NotificationEvent> decodeListNotificationRequest(ByteView der) {
  const Ctx ctx(kListNotification, Ctx::request);
  auto in = decodeDer<ListNotificationRequest_t>(asn_DEF_ListNotificationRequest, der,
                                                 kTagListNotification, ctx);
  if (in->profileManagementOperation == nullptr) return std::nullopt;
  return toNotificationEvent(*in->profileManagementOperation, ctx, "profileManagementOperation");
}

ListNotificationResponse decodeListNotificationResponse(ByteView der) {
  const Ctx ctx(kListNotification, Ctx::response);
  auto in = decodeDer<ListNotificationResponse_t>(asn_DEF_ListNotificationResponse, der,
                                                  kTagListNotification, ctx);
  ListNotificationResponse out;
  switch (in->present) {
  case ListNotificationResponse_PR_notificationMetadataList: {
    const auto &list = in->choice.notificationMetadataList.list;
    for (int i = 0; i < list.count; ++i) {
      out.notificationMetadataList.push_back(toNotificationMetadata(
          *list.array[i], ctx.at("NotificationMetadata #" + std::to_string(i + 1))));
    }
    break;
  }
  case ListNotificationResponse_PR_listNotificationsResultError:
    out.listNotificationsResultError = toCode<ListNotificationsResultError>(
        in->choice.listNotificationsResultError, ctx, "listNotificationsResultError");
    break;
  default: ctx.malformed("neither notificationMetadataList nor listNotificationsResultError");
  }
  return out;
}

Bytes encodeListNotificationResponse(const ListNotificationResponse &response) {
  const Ctx ctx(kListNotification, Ctx::response);
  auto out = makeAsn<ListNotificationResponse_t>(asn_DEF_ListNotificationResponse);
  if (response.listNotificationsResultError) {
    out->present = ListNotificationResponse_PR_listNotificationsResultError;
    out->choice.listNotificationsResultError =
        checkArgCode(*response.listNotificationsResultError, ctx, "listNotificationsResultError");
  } else {
    out->present = ListNotificationResponse_PR_notificationMetadataList;
    for (std::size_t i = 0; i < response.notificationMetadataList.size(); ++i) {
      auto *element = appendNew<NotificationMetadata_t>(out->choice.notificationMetadataList.list);
      setNotificationMetadata(*element, response.notificationMetadataList[i],
                              ctx.at("NotificationMetadata #" + std::to_string(i + 1)));
    }
  }
  return encodeDer(asn_DEF_ListNotificationResponse, out.get(), ctx);
}

// ---- RetrieveNotificationsList ----

Bytes encodeRetrieveNotificationsListRequest(const RetrieveNotificationsSearch &search) {
  const Ctx ctx(kRetrieveNotificationsList, Ctx::request);
  auto out = makeAsn<RetrieveNotificationsListRequest_t>(asn_DEF_RetrieveNotificationsListRequest);
  if (!std::holds_alternative<std::monostate>(search)) {
    using Criteria = std::remove_pointer_t<decltype(out->searchCriteria)>;
    out->searchCriteria = callocOrThrow<Criteria>();
    Criteria &criteria = *out->searchCriteria;
    if (const auto *seqNumber = std::get_if<std::int64_t>(&search)) {
      criteria.present = RetrieveNotificationsListRequest__searchCriteria_PR_seqNumber;
      criteria.choice.seqNumber = checkSeqNumber(*seqNumber, ctx);
    } else {
      criteria.present =
          RetrieveNotificationsListRequest__searchCriteria_PR_profileManagementOperation;
      setNotificationEvent(criteria.choice.profileManagementOperation,
                           std::get<NotificationEvent>(search), ctx);
    }
  }
  return encodeDer(asn_DEF_RetrieveNotificationsListRequest, out.get(), ctx);
}

RetrieveNotificationsSearch decodeRetrieveNotificationsListRequest(ByteView der) {
  const Ctx ctx(kRetrieveNotificationsList, Ctx::request);
  auto in = decodeDer<RetrieveNotificationsListRequest_t>(asn_DEF_RetrieveNotificationsListRequest,
                                                          der, kTagRetrieveNotificationsList, ctx);
  if (in->searchCriteria == nullptr) return std::monostate{};
  switch (in->searchCriteria->present) {
  case RetrieveNotificationsListRequest__searchCriteria_PR_seqNumber:
    return receivedSeqNumber(in->searchCriteria->choice.seqNumber, ctx);
  case RetrieveNotificationsListRequest__searchCriteria_PR_profileManagementOperation:
    return toNotificationEvent(in->searchCriteria->choice.profileManagementOperation, ctx,
                               "profileManagementOperation");
  default: ctx.malformed("searchCriteria holds no known alternative");
  }
}

RetrieveNotificationsListResponse decodeRetrieveNotificationsListResponse(ByteView der) {
  const Ctx ctx(kRetrieveNotificationsList, Ctx::response);
  auto in = decodeDer<RetrieveNotificationsListResponse_t>(
      asn_DEF_RetrieveNotificationsListResponse, der, kTagRetrieveNotificationsList, ctx);
  RetrieveNotificationsListResponse out;
  switch (in->present) {
  case RetrieveNotificationsListResponse_PR_notificationList: {
    // asn1c gives the values; the DER reader gives each element's exact bytes.
    const std::vector<ByteView> raw = listElements(der, "notification", ctx);
    const auto &list = in->choice.notificationList.list;
    if (raw.size() != static_cast<std::size_t>(list.count)) {
      ctx.malformed("notificationList holds " + std::to_string(raw.size()) +
                    " elements but decodes to " + std::to_string(list.count));
    }
    for (std::size_t i = 0; i < raw.size(); ++i) {
      const Ctx item = ctx.at("notification #" + std::to_string(i + 1));
      checkPendingNotificationDer(raw[i], item, true);
      out.notificationList.push_back(toPendingNotification(*list.array[i], raw[i], item));
    }
    break;
  }
  case RetrieveNotificationsListResponse_PR_notificationsListResultError:
    out.notificationsListResultError = toCode<NotificationsListResultError>(
        in->choice.notificationsListResultError, ctx, "notificationsListResultError");
    break;
  default: ctx.malformed("neither notificationList nor notificationsListResultError");
  }
  return out;
}

Bytes encodeRetrieveNotificationsListResponse(const RetrieveNotificationsListResponse &response) {
  const Ctx ctx(kRetrieveNotificationsList, Ctx::response);
  if (response.notificationsListResultError) {
    auto out =
        makeAsn<RetrieveNotificationsListResponse_t>(asn_DEF_RetrieveNotificationsListResponse);
    out->present = RetrieveNotificationsListResponse_PR_notificationsListResultError;
    out->choice.notificationsListResultError =
        checkArgCode(*response.notificationsListResultError, ctx, "notificationsListResultError");
    return encodeDer(asn_DEF_RetrieveNotificationsListResponse, out.get(), ctx);
  }
  // Signed notifications go out exactly as stored: splice, never re-encode.
  Bytes list;
  for (std::size_t i = 0; i < response.notificationList.size(); ++i) {
    const Bytes &raw = response.notificationList[i].raw;
    checkPendingNotificationDer(raw, ctx.at("notification #" + std::to_string(i + 1)), false);
    list.insert(list.end(), raw.begin(), raw.end());
  }
  Bytes choice;
  der::appendTlv(choice, kTagListWrapper, list);
  Bytes out;
  der::appendTlv(out, kTagRetrieveNotificationsList, choice);
  return out;
}

// ---- RemoveNotificationFromList ----

Bytes encodeNotificationSentRequest(std::int64_t seqNumber) {
  const Ctx ctx(kRemoveNotificationFromList, Ctx::request);
  auto out = makeAsn<NotificationSentRequest_t>(asn_DEF_NotificationSentRequest);
  out->seqNumber = checkSeqNumber(seqNumber, ctx);
  return encodeDer(asn_DEF_NotificationSentRequest, out.get(), ctx);
}

std::int64_t decodeNotificationSentRequest(ByteView der) {
  const Ctx ctx(kRemoveNotificationFromList, Ctx::request);
  auto in = decodeDer<NotificationSentRequest_t>(asn_DEF_NotificationSentRequest, der,
                                                 kTagNotificationSent, ctx);
  return receivedSeqNumber(in->seqNumber, ctx);
}

NotificationSentResult decodeNotificationSentResponse(ByteView der) {
  const Ctx ctx(kRemoveNotificationFromList, Ctx::response);
  auto in = decodeDer<NotificationSentResponse_t>(asn_DEF_NotificationSentResponse, der,
                                                  kTagNotificationSent, ctx);
  return toCode<NotificationSentResult>(in->deleteNotificationStatus, ctx,
                                        "deleteNotificationStatus");
}

Bytes encodeNotificationSentResponse(NotificationSentResult r) {
  const Ctx ctx(kRemoveNotificationFromList, Ctx::response);
  auto out = makeAsn<NotificationSentResponse_t>(asn_DEF_NotificationSentResponse);
  out->deleteNotificationStatus = checkArgCode(r, ctx, "deleteNotificationStatus");
  return encodeDer(asn_DEF_NotificationSentResponse, out.get(), ctx);
}

} // namespace esim::codec
