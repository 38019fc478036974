// Each subcommand group registers itself on the CLI11 app. Commands parse,
// call the library, and print; protocol logic stays in the library.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "app_context.hpp"

namespace esimctl {

// Action is what a subcommand runs once parsing succeeded; it returns the
// exit code and throws esim::Error on failure.
using Action = std::function<int()>;

// Registrar records the action of the subcommand that was chosen.
struct Registrar {
  CLI::App &app;
  AppContext &ctx;
  Action *chosen;
  // on attaches |action| to |sub|: it runs if |sub| is the chosen command.
  void on(CLI::App *sub, Action action) const {
    Action *target = chosen;
    sub->callback([target, action = std::move(action)] { *target = action; });
  }
};

void addChipCommands(const Registrar &r);
void addProfileCommands(const Registrar &r);
// addDownloadCommand adds `profile download` below |profile|.
void addDownloadCommand(CLI::App *profile, const Registrar &r);
// addDiscoveryCommand adds `profile discovery` (SM-DS events) below |profile|.
void addDiscoveryCommand(CLI::App *profile, const Registrar &r);
void addReaderCommands(const Registrar &r);
void addNotificationCommands(const Registrar &r);
void addRemoveCommands(const Registrar &r);
// addDoctorCommand adds `doctor`, the setup checks.
void addDoctorCommand(const Registrar &r);

} // namespace esimctl
