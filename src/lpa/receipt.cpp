#include "esim/receipt.hpp"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>

#include "esim/error.hpp"
#include "esim/receipt_journal.hpp"

namespace esim {

namespace {

using nlohmann::json;

// kFormatVersion 2: the receipt is a journal (steps and notifications). Files
// without formatVersion were written by esimctl 0.1 after a finished delete.
constexpr int kFormatVersion = 2;

template <typename E, std::size_t N>
const char *nameOf(E value, const std::pair<E, const char *> (&names)[N]) noexcept {
  for (const auto &[v, name] : names) {
    if (v == value) return name;
  }
  return "?";
}

constexpr std::pair<StepStatus, const char *> kStepNames[] = {
    {StepStatus::notNeeded, "not-needed"},
    {StepStatus::pending, "pending"},
    {StepStatus::sent, "sent"},
    {StepStatus::ok, "ok"},
    {StepStatus::refused, "refused"},
};

constexpr std::pair<DeliveryStatus, const char *> kDeliveryNames[] = {
    {DeliveryStatus::pending, "pending"},          {DeliveryStatus::sending, "sending"},
    {DeliveryStatus::delivered, "delivered"},      {DeliveryStatus::failed, "failed"},
    {DeliveryStatus::notReported, "not-reported"},
};

constexpr std::pair<NotificationEvent, const char *> kEventNames[] = {
    {NotificationEvent::notificationInstall, "install"},
    {NotificationEvent::notificationEnable, "enable"},
    {NotificationEvent::notificationDisable, "disable"},
    {NotificationEvent::notificationDelete, "delete"},
};

template <typename E, std::size_t N>
E valueOf(const std::string &text, const std::pair<E, const char *> (&names)[N],
          const std::string &field) {
  for (const auto &[v, name] : names) {
    if (text == name) return v;
  }
  throw Error(Errc::invalidArgument, "\"" + field + "\" has the unknown value \"" + text + "\"");
}

[[noreturn]] void wrongType(const std::string &field, const char *expected) {
  throw Error(Errc::invalidArgument, "\"" + field + "\" is not " + expected);
}

std::string text(const json &j, const char *key, const std::string &where, bool required = false) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) throw Error(Errc::invalidArgument, "\"" + where + key + "\" is missing");
    return {};
  }
  if (!it->is_string()) wrongType(where + key, "a string");
  return it->get<std::string>();
}

std::optional<std::string> optionalText(const json &j, const char *key) {
  if (!j.contains(key) || j[key].is_null()) return std::nullopt;
  return text(j, key, "");
}

bool flag(const json &j, const char *key, bool otherwise, const std::string &where = "") {
  auto it = j.find(key);
  if (it == j.end()) return otherwise;
  if (!it->is_boolean()) wrongType(where + key, "true or false");
  return it->get<bool>();
}

std::optional<std::int64_t> integer(const json &j, const char *key, const std::string &where) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) wrongType(where + key, "an integer");
  return it->get<std::int64_t>();
}

json serverAnswer(std::optional<long> httpStatus, const std::string &status,
                  const std::string &subject, const std::string &reason,
                  const std::string &message) {
  json s = json::object();
  if (httpStatus) s["httpStatus"] = *httpStatus;
  if (!status.empty()) s["status"] = status;
  if (!subject.empty()) s["subjectCode"] = subject;
  if (!reason.empty()) s["reasonCode"] = reason;
  if (!message.empty()) s["message"] = message;
  return s;
}

template <typename T> void readServerAnswer(const json &j, const std::string &where, T &out) {
  auto it = j.find("serverAnswer");
  if (it == j.end()) return;
  if (!it->is_object()) wrongType(where + "serverAnswer", "an object");
  if (auto status = integer(*it, "httpStatus", where + "serverAnswer.")) out.httpStatus = *status;
  out.serverStatus = text(*it, "status", where + "serverAnswer.");
  out.subjectCode = text(*it, "subjectCode", where + "serverAnswer.");
  out.reasonCode = text(*it, "reasonCode", where + "serverAnswer.");
  out.serverMessage = text(*it, "message", where + "serverAnswer.");
}

json notificationJson(const NotificationRecord &n) {
  json j = {{"seqNumber", n.seqNumber},
            {"profileManagementOperation", nameOf(n.profileManagementOperation, kEventNames)},
            {"notificationAddress", n.notificationAddress},
            {"delivery", nameOf(n.delivery, kDeliveryNames)},
            {"removal", nameOf(n.removal, kStepNames)}};
  json server =
      serverAnswer(n.httpStatus, n.serverStatus, n.subjectCode, n.reasonCode, n.serverMessage);
  if (!server.empty()) j["serverAnswer"] = server;
  if (!n.error.empty()) j["error"] = {{"code", n.errorCode}, {"message", n.error}};
  return j;
}

NotificationRecord notificationFrom(const json &j, const std::string &where) {
  if (!j.is_object()) wrongType(where, "an object");
  NotificationRecord n;
  auto seq = integer(j, "seqNumber", where + ".");
  if (!seq) throw Error(Errc::invalidArgument, "\"" + where + ".seqNumber\" is missing");
  n.seqNumber = *seq;
  n.profileManagementOperation = valueOf(text(j, "profileManagementOperation", where + ".", true),
                                         kEventNames, where + ".profileManagementOperation");
  n.notificationAddress = text(j, "notificationAddress", where + ".");
  n.delivery = valueOf(text(j, "delivery", where + ".", true), kDeliveryNames, where + ".delivery");
  n.removal = valueOf(text(j, "removal", where + ".", true), kStepNames, where + ".removal");
  readServerAnswer(j, where + ".", n);
  if (auto it = j.find("error"); it != j.end()) {
    if (!it->is_object()) wrongType(where + ".error", "an object");
    n.errorCode = text(*it, "code", where + ".error.");
    n.error = text(*it, "message", where + ".error.");
  }
  return n;
}

const NotificationRecord *deletionRecord(const RemovalReceipt &r) {
  if (!r.seqNumber) return nullptr;
  for (const auto &n : r.notifications) {
    if (n.seqNumber == *r.seqNumber) return &n;
  }
  return nullptr;
}

// legacyNotifications describes what a version 1 receipt says of the
// deletion notification.
void fillLegacy(RemovalReceipt &r) {
  r.deletion = StepStatus::ok;
  r.deleteResult = "ok";
  r.report = r.error != "not reported: --no-report";
  r.notificationsListed = true;
  if (!r.seqNumber) return;
  NotificationRecord n;
  n.seqNumber = *r.seqNumber;
  n.notificationAddress = r.smdpAddress;
  n.delivery = r.reported ? DeliveryStatus::delivered
                          : (r.report ? DeliveryStatus::failed : DeliveryStatus::notReported);
  n.removal = r.removedFromEuicc ? StepStatus::ok : StepStatus::pending;
  n.error = r.reported ? "" : r.error;
  r.notifications.push_back(n);
}

} // namespace

const char *stepStatusName(StepStatus status) noexcept {
  return nameOf(status, kStepNames);
}

const char *deliveryStatusName(DeliveryStatus status) noexcept {
  return nameOf(status, kDeliveryNames);
}

std::vector<std::string> receiptLeftToDo(const RemovalReceipt &r) {
  std::vector<std::string> todo;
  if (!r.supersededBy.empty()) return todo;
  const std::string again = "`esimctl remove " + r.iccid + "` finishes the job";
  if (r.disable == StepStatus::sent) {
    todo.push_back("DisableProfile was sent but its answer was not recorded: `esimctl profile "
                   "list` shows the profile's state; " +
                   again);
  }
  if (r.disable == StepStatus::refused || r.deletion == StepStatus::refused) return todo;
  if (r.deletion == StepStatus::pending && r.disable != StepStatus::sent) {
    todo.push_back("the profile was not deleted: run `esimctl remove " + r.iccid + "` again");
  } else if (r.deletion == StepStatus::sent) {
    todo.push_back("DeleteProfile was sent but its answer was not recorded: `esimctl profile "
                   "list` shows whether the profile is gone; " +
                   again);
  } else if (r.deletion == StepStatus::ok && !r.notificationsListed) {
    todo.push_back("the notifications of the deletion were not read from the eUICC: " + again +
                   " (or `esimctl notification process --all`)");
  }
  for (const auto &n : r.notifications) {
    const std::string which = "notification #" + std::to_string(n.seqNumber) + " (" +
                              nameOf(n.profileManagementOperation, kEventNames) + ")";
    const std::string process =
        "`esimctl notification process " + std::to_string(n.seqNumber) + "`";
    if (n.removal == StepStatus::ok) continue; // off the eUICC: nothing left for it
    if (n.delivery == DeliveryStatus::delivered) {
      if (n.removal != StepStatus::ok)
        todo.push_back(which + " was acknowledged by " + n.notificationAddress +
                       " but may still be on the eUICC: " + process +
                       " sends it again and removes it");
    } else if (n.delivery == DeliveryStatus::notReported) {
      todo.push_back(which + " was left on the eUICC (--no-report): send it with " + process);
    } else {
      todo.push_back(which + " has not reached " + n.notificationAddress + ": send it with " +
                     process);
    }
  }
  return todo;
}

bool receiptFinished(const RemovalReceipt &r) {
  if (!r.supersededBy.empty()) return true;
  if (r.disable == StepStatus::sent) return false;
  if (r.disable == StepStatus::refused || r.deletion == StepStatus::refused) return true;
  if (r.deletion != StepStatus::ok || !r.notificationsListed) return false;
  return std::all_of(r.notifications.begin(), r.notifications.end(), [](const auto &n) {
    return n.delivery == DeliveryStatus::notReported || n.removal == StepStatus::ok;
  });
}

std::filesystem::path defaultReceiptDir() {
  const char *state = std::getenv("XDG_STATE_HOME");
  if (state && state[0] == '/') return std::filesystem::path(state) / "esimctl" / "receipts";
  const char *home = std::getenv("HOME");
  if (home && home[0] == '/') {
    return std::filesystem::path(home) / ".local" / "state" / "esimctl" / "receipts";
  }
  throw Error(Errc::ioError,
              "cannot find a place for receipts: neither XDG_STATE_HOME nor HOME is set",
              "pass --receipt-dir");
}

std::string utcNow() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string receiptToJson(const RemovalReceipt &r) {
  json j = {{"formatVersion", kFormatVersion},
            {"kind", "removal"},
            {"time", r.time},
            {"updated", r.updated},
            {"eid", r.eid},
            {"iccid", r.iccid}};
  if (!r.isdpAid.empty()) j["isdpAid"] = r.isdpAid;
  if (r.serviceProviderName) j["serviceProviderName"] = *r.serviceProviderName;
  if (r.profileName) j["profileName"] = *r.profileName;
  json steps = {{"disable", {{"status", stepStatusName(r.disable)}}},
                {"delete", {{"status", stepStatusName(r.deletion)}}},
                {"report", r.report},
                {"notificationsListed", r.notificationsListed}};
  if (!r.disableResult.empty()) steps["disable"]["result"] = r.disableResult;
  if (!r.deleteResult.empty()) steps["delete"]["result"] = r.deleteResult;
  j["steps"] = steps;
  json list = json::array();
  for (const auto &n : r.notifications)
    list.push_back(notificationJson(n));
  j["notifications"] = list;
  j["seqNumber"] = r.seqNumber ? json(*r.seqNumber) : json(nullptr);
  j["smdpAddress"] = r.smdpAddress;
  j["reported"] = r.reported;
  j["removedFromEuicc"] = r.removedFromEuicc;
  j["serverAnswer"] =
      serverAnswer(r.httpStatus, r.serverStatus, r.subjectCode, r.reasonCode, r.serverMessage);
  // "error" has always said why the deletion notification was not
  // reported; what stopped the removal itself comes first.
  if (!r.error.empty()) {
    j["error"] = r.error;
  } else if (const NotificationRecord *d = deletionRecord(r); d && !d->error.empty()) {
    j["error"] = d->error;
  }
  if (r.interrupted) j["interrupted"] = true;
  if (!r.supersededBy.empty()) j["supersededBy"] = r.supersededBy;
  // Written for people and scripts that read the file; derived, so ignored
  // when the file is read back.
  j["finished"] = receiptFinished(r);
  j["leftToDo"] = receiptLeftToDo(r);
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

RemovalReceipt receiptFromJson(const std::string &textIn) {
  json j = json::parse(textIn, nullptr, false);
  if (j.is_discarded()) throw Error(Errc::invalidArgument, "not valid JSON");
  if (!j.is_object()) throw Error(Errc::invalidArgument, "not a JSON object");
  RemovalReceipt r;
  auto version = integer(j, "formatVersion", "");
  if (version && *version != kFormatVersion) {
    throw Error(Errc::invalidArgument,
                "formatVersion " + std::to_string(*version) + " is not one this esimctl reads");
  }
  if (version && text(j, "kind", "", true) != "removal") {
    throw Error(Errc::invalidArgument, "\"kind\" is not \"removal\"");
  }
  r.time = text(j, "time", "", true);
  r.updated = text(j, "updated", "");
  r.eid = text(j, "eid", "");
  r.iccid = text(j, "iccid", "", true);
  r.isdpAid = text(j, "isdpAid", "");
  r.serviceProviderName = optionalText(j, "serviceProviderName");
  r.profileName = optionalText(j, "profileName");
  r.seqNumber = integer(j, "seqNumber", "");
  r.smdpAddress = text(j, "smdpAddress", "");
  r.reported = flag(j, "reported", false);
  r.removedFromEuicc = flag(j, "removedFromEuicc", false);
  readServerAnswer(j, "", r);
  r.error = text(j, "error", "");
  r.interrupted = flag(j, "interrupted", false);
  r.supersededBy = text(j, "supersededBy", "");
  if (!version) {
    fillLegacy(r);
    return r;
  }
  auto steps = j.find("steps");
  if (steps == j.end() || !steps->is_object()) wrongType("steps", "an object");
  for (const char *step : {"disable", "delete"}) {
    auto s = steps->find(step);
    if (s == steps->end() || !s->is_object()) wrongType(std::string("steps.") + step, "an object");
  }
  const std::string d = "steps.disable.", x = "steps.delete.";
  r.disable = valueOf(text((*steps)["disable"], "status", d, true), kStepNames, d + "status");
  r.disableResult = text((*steps)["disable"], "result", d);
  r.deletion = valueOf(text((*steps)["delete"], "status", x, true), kStepNames, x + "status");
  r.deleteResult = text((*steps)["delete"], "result", x);
  r.report = flag(*steps, "report", true, "steps.");
  r.notificationsListed = flag(*steps, "notificationsListed", false, "steps.");
  auto list = j.find("notifications");
  if (list == j.end() || !list->is_array()) wrongType("notifications", "an array");
  for (std::size_t i = 0; i < list->size(); ++i)
    r.notifications.push_back(
        notificationFrom((*list)[i], "notifications[" + std::to_string(i) + "]"));
  if (const NotificationRecord *del = deletionRecord(r); del && r.error == del->error)
    r.error.clear();
  return r;
}

std::filesystem::path writeReceipt(const std::filesystem::path &dir,
                                   const RemovalReceipt &receipt) {
  ReceiptJournal::prepareDirectory(dir);
  std::string stamp = receipt.time;
  std::replace(stamp.begin(), stamp.end(), ':', '-');
  std::string stem = stamp + "-" + (receipt.iccid.empty() ? "profile" : receipt.iccid);
  return ReceiptJournal::create(dir, stem, receiptToJson(receipt)).path();
}

} // namespace esim
