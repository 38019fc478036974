// What `esimctl profile discovery` shows of the SM-DS's answer (the event
// table, its JSON) and how --download picks an event. Kept out of the
// command file so that the unit tests reach it without a card or a server.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "esim/event_discovery.hpp"

namespace esimctl {

// discoveryJson returns `data` of `profile discovery --json`:
// {"smdsAddress", "eventEntries": [{"eventId", "rspServerAddress"}]}.
nlohmann::json discoveryJson(const esim::DiscoveryOutcome &found);

// printEvents prints the events as a table (EVENT ID, SM-DP+), each eventId
// whole and terminal-safe: it is what --event takes.
void printEvents(std::ostream &out, const esim::DiscoveryOutcome &found);

// chooseEvent returns the event --download installs: the one named
// |eventId|, else the only one. Throws esim::Error(Errc::notFound) for an
// eventId the SM-DS did not list, UsageError when there are several and no
// |eventId|; both messages list the events. |found| must hold at least one.
const esim::EventEntry &chooseEvent(const esim::DiscoveryOutcome &found,
                                    const std::optional<std::string> &eventId);

} // namespace esimctl
