#include "smds_events.hpp"

#include <algorithm>

namespace smdpp {

EventRegistry::EventRegistry(std::vector<EventRecord> records) {
  for (EventRecord &r : records) {
    registerEvent(std::move(r));
  }
}

bool EventRegistry::registerEvent(EventRecord record) {
  std::lock_guard<std::mutex> lock(mutex_);
  const bool duplicate = std::any_of(records_.begin(), records_.end(), [&](const EventRecord &r) {
    return r.eid == record.eid && r.eventId == record.eventId;
  });
  if (duplicate) return false;
  records_.push_back(std::move(record));
  return true;
}

bool EventRegistry::deleteEvent(const std::string &eid, const std::string &eventId,
                                const std::string &rspServerAddress) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it =
      std::find(records_.begin(), records_.end(), EventRecord{eid, eventId, rspServerAddress});
  if (it == records_.end()) return false;
  records_.erase(it);
  return true;
}

std::vector<EventRecord> EventRegistry::forEid(const std::string &eid) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<EventRecord> out;
  std::copy_if(records_.begin(), records_.end(), std::back_inserter(out),
               [&](const EventRecord &r) { return r.eid == eid; });
  return out;
}

} // namespace smdpp
