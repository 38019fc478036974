#include "discovery_output.hpp"

#include <ostream>

#include "output.hpp"
#include "table.hpp"

namespace esimctl {

namespace {

std::string eventList(const std::vector<esim::EventEntry> &events) {
  std::string out;
  for (const esim::EventEntry &e : events) {
    out += "\n  " + terminalSafe(e.eventId) + " (SM-DP+ " + terminalSafe(e.rspServerAddress) + ")";
  }
  return out;
}

} // namespace

nlohmann::json discoveryJson(const esim::DiscoveryOutcome &found) {
  nlohmann::json entries = nlohmann::json::array();
  for (const esim::EventEntry &e : found.eventEntries) {
    entries.push_back({{"eventId", e.eventId}, {"rspServerAddress", e.rspServerAddress}});
  }
  return {{"smdsAddress", found.smdsAddress}, {"eventEntries", entries}};
}

void printEvents(std::ostream &out, const esim::DiscoveryOutcome &found) {
  Table table({"EVENT ID", "SM-DP+"});
  for (const esim::EventEntry &e : found.eventEntries)
    table.addRow({e.eventId, e.rspServerAddress});
  table.print(out);
}

const esim::EventEntry &chooseEvent(const esim::DiscoveryOutcome &found,
                                    const std::optional<std::string> &eventId) {
  const auto &events = found.eventEntries;
  if (eventId) {
    for (const esim::EventEntry &e : events) {
      if (e.eventId == *eventId) return e;
    }
    throw esim::Error(esim::Errc::notFound,
                      "profile discovery: the SM-DS " + terminalSafe(found.smdsAddress) +
                          " holds no event '" + terminalSafe(*eventId) +
                          "'; it holds:" + eventList(events),
                      "give --event one of the eventIds listed");
  }
  if (events.size() > 1) {
    throw UsageError("profile discovery --download: the SM-DS " + terminalSafe(found.smdsAddress) +
                         " holds " + std::to_string(events.size()) +
                         " events; choose one with --event:" + eventList(events),
                     "add --event EVENTID");
  }
  return events.front();
}

} // namespace esimctl
