// EventRegistry: the SM-DS's Event Records (SGP.22 3.6, ES12), kept in the
// smdpp-emu process: RegisterEvent adds one for an EID, DeleteEvent removes
// it, and ES11 discovery lists an EID's records in registration order (the
// SM-DS serves "first in, first out"). Thread-safe.
#pragma once

#include <mutex>
#include <string>
#include <vector>

namespace smdpp {

// EventRecord is one registered event: the eUICC it is for, its EventID
// (the MatchingID the LPA then gives the SM-DP+) and the SM-DP+ (or
// alternative SM-DS) address to go to.
struct EventRecord {
  std::string eid;
  std::string eventId;
  std::string rspServerAddress; // host[:port]
  bool operator==(const EventRecord &) const = default;
};

class EventRegistry {
public:
  EventRegistry() = default;
  // EventRegistry starts with |records| registered, in that order.
  explicit EventRegistry(std::vector<EventRecord> records);

  // registerEvent adds |record| after the others (ES12.RegisterEvent).
  // Returns false, registering nothing, when its EID already has an event
  // with that EventID (SGP.22 8.9.5/3.3, EventID duplicated).
  bool registerEvent(EventRecord record);
  // deleteEvent removes the event of |eid| with |eventId| and
  // |rspServerAddress| (ES12.DeleteEvent by the server that registered it);
  // returns whether there was one.
  bool deleteEvent(const std::string &eid, const std::string &eventId,
                   const std::string &rspServerAddress);
  // forEid returns the events of |eid| in registration order.
  std::vector<EventRecord> forEid(const std::string &eid) const;

private:
  mutable std::mutex mutex_;
  std::vector<EventRecord> records_;
};

} // namespace smdpp
