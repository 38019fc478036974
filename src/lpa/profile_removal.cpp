#include "esim/profile_removal.hpp"

#include <algorithm>

#include "esim/profile_lookup.hpp"
#include "esim/receipt_journal.hpp"
#include "esim/results.hpp"

namespace esim {

namespace {

// Recorder is the receipt and its file: every change is written before the
// step it announces is taken.
class Recorder {
public:
  Recorder(ReceiptJournal journal, RemovalReceipt receipt)
      : journal_(std::move(journal)), receipt_(std::move(receipt)) {}

  RemovalReceipt &receipt() noexcept { return receipt_; }
  const std::filesystem::path &path() const noexcept { return journal_.path(); }

  // save writes the receipt; throws Error(Errc::ioError).
  void save() {
    syncDeletionFields();
    receipt_.updated = utcNow();
    journal_.update(receiptToJson(receipt_));
  }

  NotificationRecord *find(std::int64_t seqNumber) {
    auto it = std::find_if(receipt_.notifications.begin(), receipt_.notifications.end(),
                           [&](const auto &n) { return n.seqNumber == seqNumber; });
    return it == receipt_.notifications.end() ? nullptr : &*it;
  }

private:
  // The top-level fields describe the deletion notification, as receipts
  // always have (scripts read "reported").
  void syncDeletionFields() {
    RemovalReceipt &r = receipt_;
    const NotificationRecord *d = r.seqNumber ? find(*r.seqNumber) : nullptr;
    if (!d) return;
    r.smdpAddress = d->notificationAddress;
    r.reported = d->delivery == DeliveryStatus::delivered;
    r.removedFromEuicc = d->removal == StepStatus::ok;
    r.httpStatus = d->httpStatus;
    r.serverStatus = d->serverStatus;
    r.subjectCode = d->subjectCode;
    r.reasonCode = d->reasonCode;
    r.serverMessage = d->serverMessage;
  }

  ReceiptJournal journal_;
  RemovalReceipt receipt_;
};

NotificationRecord recordOf(const NotificationMetadata &m, bool report) {
  NotificationRecord n;
  n.seqNumber = m.seqNumber;
  n.profileManagementOperation = m.profileManagementOperation;
  n.notificationAddress = m.notificationAddress;
  n.delivery = report ? DeliveryStatus::pending : DeliveryStatus::notReported;
  return n;
}

void addNotifications(RemovalReceipt &r, const std::vector<NotificationMetadata> &fresh) {
  for (const auto &m : fresh) {
    bool known = std::any_of(r.notifications.begin(), r.notifications.end(),
                             [&](const auto &n) { return n.seqNumber == m.seqNumber; });
    if (!known) r.notifications.push_back(recordOf(m, r.report));
    if (m.profileManagementOperation == NotificationEvent::notificationDelete) {
      r.seqNumber = m.seqNumber;
      r.smdpAddress = m.notificationAddress;
    }
  }
  std::sort(r.notifications.begin(), r.notifications.end(),
            [](const auto &a, const auto &b) { return a.seqNumber < b.seqNumber; });
  r.notificationsListed = true;
}

void recordAnswer(NotificationRecord &n, const NotificationDelivery &d) {
  n.notificationAddress = d.metadata.notificationAddress;
  const auto &fes = d.server && d.server->functionExecutionStatus
                        ? d.server->functionExecutionStatus
                        : d.functionExecutionStatus;
  n.httpStatus = d.server ? std::optional<long>(d.server->httpStatus) : d.httpStatus;
  if (fes) {
    n.serverStatus = fes->status;
    n.subjectCode = fes->subjectCode;
    n.reasonCode = fes->reasonCode;
    n.serverMessage = fes->message;
  }
  if (d.delivered) {
    n.delivery = DeliveryStatus::delivered;
    // RemoveNotificationFromList comes next: until its answer is recorded
    // the notification may or may not still be on the eUICC.
    n.removal = StepStatus::sent;
    n.errorCode.clear();
    n.error.clear();
  } else {
    n.delivery = DeliveryStatus::failed;
    n.errorCode = d.errorCode ? std::string(errcId(*d.errorCode)) : std::string();
    n.error = d.errorMessage;
  }
}

bool stopNow(const RemovalOptions &options) {
  return options.stopRequested && options.stopRequested();
}

void markInterrupted(Recorder &rec, const std::string &where) {
  rec.receipt().interrupted = true;
  rec.receipt().error = "interrupted " + where;
  rec.save();
}

// report sends the receipt's notifications that |pending| shows still on the
// eUICC and not yet delivered and removed, recording each step.
void report(Recorder &rec, Euicc &euicc, Es9pClient &es9p,
            const std::vector<NotificationMetadata> &pending, const RemovalOptions &options,
            const RemovalProgress &progress, RemovalOutcome &out) {
  std::vector<NotificationMetadata> chosen;
  for (const auto &m : pending) {
    const NotificationRecord *n = rec.find(m.seqNumber);
    if (n && n->delivery != DeliveryStatus::notReported) chosen.push_back(m);
  }
  if (chosen.empty()) return;
  NotificationJournal journal;
  journal.sending = [&](const NotificationMetadata &m) {
    if (NotificationRecord *n = rec.find(m.seqNumber)) n->delivery = DeliveryStatus::sending;
    rec.save();
  };
  journal.answered = [&](const NotificationDelivery &d) {
    if (NotificationRecord *n = rec.find(d.metadata.seqNumber)) recordAnswer(*n, d);
    rec.save();
  };
  journal.removed = [&](const NotificationDelivery &d) {
    if (NotificationRecord *n = rec.find(d.metadata.seqNumber))
      n->removal = d.removed ? StepStatus::ok : StepStatus::refused;
    rec.save();
  };
  journal.stopRequested = options.stopRequested;
  out.deliveries = deliverNotifications(euicc, es9p, chosen, progress.delivered, journal);
  if (out.deliveries.size() < chosen.size())
    markInterrupted(rec, "before every notification was sent");
}

// guarded runs |body|; a failure after the receipt exists is recorded in it
// and returned, never thrown past the caller.
template <typename Body> void guarded(Recorder &rec, RemovalOutcome &out, Body body) {
  try {
    body();
  } catch (const Error &e) {
    out.failure = e;
    rec.receipt().error = e.what();
    try {
      rec.save();
    } catch (const Error &) {
      // The file keeps its last version, which was true when written; the
      // failure itself is reported to the caller.
    }
  }
  out.receipt = rec.receipt();
  out.receiptPath = rec.path();
}

// ownNotifications returns the notifications of this removal: the new ones,
// and any older one still pending for the same profile (from a removal cut
// short before it read them): the operator must hear of every event of a
// profile that is gone.
std::vector<NotificationMetadata> ownNotifications(const std::vector<NotificationMetadata> &before,
                                                   const std::vector<NotificationMetadata> &after,
                                                   const std::string &iccid) {
  std::vector<NotificationMetadata> mine = newNotificationsSince(before, after);
  for (const auto &m : after) {
    bool listed = std::any_of(mine.begin(), mine.end(),
                              [&](const auto &x) { return x.seqNumber == m.seqNumber; });
    if (!listed && !iccid.empty() && m.iccid == iccid) mine.push_back(m);
  }
  std::sort(mine.begin(), mine.end(),
            [](const auto &a, const auto &b) { return a.seqNumber < b.seqNumber; });
  return mine;
}

// supersede marks the unfinished receipts of |iccid| as taken over by
// |current|. Best effort: an old receipt that cannot be rewritten stays as
// it was and is not worth failing the removal for.
void supersede(const std::filesystem::path &dir, const std::string &iccid,
               const std::filesystem::path &current) {
  std::vector<ReceiptFile> files;
  try {
    files = readReceipts(dir);
  } catch (const Error &) {
    return;
  }
  for (auto &f : files) {
    // A finished delete stays its own record (a profile can be installed
    // again under the same ICCID, its old notifications still pending).
    if (f.path == current || f.receipt.iccid != iccid || receiptFinished(f.receipt) ||
        f.receipt.deletion == StepStatus::ok)
      continue;
    f.receipt.supersededBy = current.filename().string();
    f.receipt.updated = utcNow();
    try {
      ReceiptJournal::existing(f.path).update(receiptToJson(f.receipt));
    } catch (const Error &) {
      continue; // see above
    }
  }
}

std::string receiptStem(const RemovalReceipt &r) {
  std::string stamp = r.time;
  std::replace(stamp.begin(), stamp.end(), ':', '-');
  return stamp + "-" + (r.iccid.empty() ? "profile" : r.iccid);
}

} // namespace

RemovalOutcome removeProfile(Euicc &euicc, Es9pClient *es9p, const DeletionPlan &plan,
                             const std::string &eid, const std::filesystem::path &receiptDir,
                             const RemovalOptions &options, const RemovalProgress &progress) {
  const ProfileInfo &p = plan.profile;
  RemovalReceipt first;
  first.time = utcNow();
  first.updated = first.time;
  first.eid = eid;
  first.iccid = p.iccid.value_or("");
  if (p.isdpAid) first.isdpAid = toHex(*p.isdpAid);
  first.serviceProviderName = p.serviceProviderName;
  first.profileName = p.profileName;
  first.disable = plan.disableFirst ? StepStatus::pending : StepStatus::notNeeded;
  first.report = options.report;
  for (const auto &n : p.notificationConfigurationInfo) {
    if (n.profileManagementOperation == NotificationEvent::notificationDelete)
      first.smdpAddress = n.notificationAddress;
  }
  // Read before the journal exists: a card that fails here has changed nothing.
  const std::vector<NotificationMetadata> before = euicc.listNotification();
  ReceiptJournal::prepareDirectory(receiptDir);
  Recorder rec(ReceiptJournal::create(receiptDir, receiptStem(first), receiptToJson(first)), first);
  // An earlier removal of this profile that was cut short before its delete
  // took (the profile is still here) is taken over by this one.
  if (!first.iccid.empty()) supersede(receiptDir, first.iccid, rec.path());
  RemovalOutcome out;
  RemovalReceipt &r = rec.receipt();
  const ProfileIdentifier id = profileIdentifierOf(p);
  guarded(rec, out, [&] {
    if (stopNow(options)) return markInterrupted(rec, "before any change");
    if (plan.disableFirst) {
      r.disable = StepStatus::sent;
      rec.save();
      DisableProfileResult d = euicc.disableProfile(id, false);
      out.disableResult = d;
      r.disableResult = codeLabel(d);
      bool ok =
          d == DisableProfileResult::ok || d == DisableProfileResult::profileNotInEnabledState;
      r.disable = ok ? StepStatus::ok : StepStatus::refused;
      if (!ok) r.error = "DisableProfile answered " + describeCode(d) + "; nothing was deleted";
      rec.save();
      if (progress.disabled) progress.disabled(d);
      if (!ok) return;
      if (stopNow(options)) return markInterrupted(rec, "after the disable, before the delete");
    }
    r.deletion = StepStatus::sent;
    rec.save();
    DeleteProfileResult del = euicc.deleteProfile(id);
    out.deleteResult = del;
    r.deleteResult = codeLabel(del);
    r.deletion = del == DeleteProfileResult::ok ? StepStatus::ok : StepStatus::refused;
    if (del != DeleteProfileResult::ok) r.error = "DeleteProfile answered " + describeCode(del);
    rec.save();
    if (progress.deleted) progress.deleted(del);
    // A disable that went through before a refused delete still queued a
    // notification: it is reported like the others.
    const std::vector<NotificationMetadata> mine =
        ownNotifications(before, euicc.listNotification(), r.iccid);
    addNotifications(r, mine);
    rec.save();
    if (!options.report || !es9p) return;
    if (stopNow(options)) return markInterrupted(rec, "before the notifications were sent");
    report(rec, euicc, *es9p, mine, options, progress, out);
  });
  return out;
}

std::optional<ReceiptFile> findUnfinishedReceipt(const std::filesystem::path &receiptDir,
                                                 const std::string &iccid) {
  std::optional<ReceiptFile> found;
  for (auto &file : readReceipts(receiptDir)) {
    if (file.receipt.iccid == iccid && !receiptFinished(file.receipt)) found = std::move(file);
  }
  return found;
}

RemovalOutcome finishRemoval(Euicc &euicc, Es9pClient *es9p, const ReceiptFile &unfinished,
                             const RemovalOptions &options, const RemovalProgress &progress) {
  Recorder rec(ReceiptJournal::existing(unfinished.path), unfinished.receipt);
  RemovalReceipt &r = rec.receipt();
  RemovalOutcome out;
  std::vector<NotificationMetadata> pending = euicc.listNotification();
  // The caller found no such profile: whatever answer was lost, it is gone.
  if (r.disable == StepStatus::sent) r.disable = StepStatus::ok;
  if (r.deletion != StepStatus::ok) {
    r.deletion = StepStatus::ok;
    r.deleteResult = "ok (its answer was lost; the profile was found gone)";
  }
  if (!r.notificationsListed) {
    std::vector<NotificationMetadata> mine;
    for (const auto &m : pending) {
      if (m.iccid == r.iccid) mine.push_back(m);
    }
    addNotifications(r, mine);
  }
  for (auto &n : r.notifications) {
    bool onCard = std::any_of(pending.begin(), pending.end(),
                              [&](const auto &m) { return m.seqNumber == n.seqNumber; });
    if (onCard || n.removal == StepStatus::ok) continue;
    // Gone from the eUICC without this receipt seeing it go: removed after
    // its acknowledgement, or by `esimctl notification process/remove`.
    n.removal = StepStatus::ok;
    if (n.delivery != DeliveryStatus::delivered)
      n.error = "no longer on the eUICC: sent or dropped by another esimctl command";
  }
  // This run's --no-report decides, whatever the first run said.
  r.report = options.report;
  for (auto &n : r.notifications) {
    if (n.delivery == DeliveryStatus::delivered || n.removal == StepStatus::ok) continue;
    if (!options.report) {
      n.delivery = DeliveryStatus::notReported;
    } else if (n.delivery == DeliveryStatus::notReported) {
      n.delivery = DeliveryStatus::pending;
    }
  }
  r.interrupted = false;
  r.error.clear();
  rec.save(); // throws before anything is sent
  guarded(rec, out, [&] {
    if (!options.report || !es9p) return;
    report(rec, euicc, *es9p, pending, options, progress, out);
  });
  return out;
}

int recordDeliveries(const std::filesystem::path &receiptDir, const std::string &eid,
                     const std::vector<NotificationDelivery> &deliveries) {
  int updated = 0;
  for (const auto &file : readReceipts(receiptDir)) {
    if (file.receipt.eid != eid || receiptFinished(file.receipt)) continue;
    Recorder rec(ReceiptJournal::existing(file.path), file.receipt);
    bool changed = false;
    for (const auto &d : deliveries) {
      NotificationRecord *n = rec.find(d.metadata.seqNumber);
      // seqNumbers are unique per eUICC; the ICCID guards against a receipt
      // of another profile that happens to list the same number.
      if (!n || (d.metadata.iccid && *d.metadata.iccid != rec.receipt().iccid)) continue;
      recordAnswer(*n, d);
      if (d.removeResult) n->removal = d.removed ? StepStatus::ok : StepStatus::refused;
      changed = true;
    }
    if (!changed) continue;
    rec.save();
    ++updated;
  }
  return updated;
}

} // namespace esim
