// esimctl reader list: the PC/SC readers and whether they hold a card.
#include <iostream>

#include "commands.hpp"
#include "esim/pcsc_transport.hpp"
#include "output.hpp"
#include "table.hpp"

namespace esimctl {

namespace {
int readerList(AppContext &ctx) {
  std::vector<esim::ReaderInfo> readers = esim::listReaders();
  if (ctx.options.json) {
    nlohmann::json list = nlohmann::json::array();
    for (std::size_t i = 0; i < readers.size(); ++i) {
      list.push_back({{"index", i},
                      {"name", readers[i].name},
                      {"cardPresent", readers[i].cardPresent},
                      {"atr", esim::toHex(readers[i].atr)}});
    }
    printJsonSuccess(list);
    return kExitOk;
  }
  Table table({"#", "READER", "CARD", "ATR"});
  for (std::size_t i = 0; i < readers.size(); ++i) {
    table.addRow({std::to_string(i), readers[i].name, readers[i].cardPresent ? "yes" : "no",
                  readers[i].atr.empty() ? "-" : esim::toHex(readers[i].atr)});
  }
  table.print(std::cout);
  return kExitOk;
}
} // namespace

void addReaderCommands(const Registrar &r) {
  CLI::App *reader = r.app.add_subcommand("reader", "PC/SC readers");
  reader->require_subcommand(1);
  AppContext &ctx = r.ctx;
  r.on(reader->add_subcommand("list", "list the PC/SC readers pcscd knows"),
       [&ctx] { return readerList(ctx); });
}

} // namespace esimctl
