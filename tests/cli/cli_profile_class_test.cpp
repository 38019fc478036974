// profileClass is DEFAULT operational in SGP.22's ProfileInfo: a card leaves
// it out for an operational profile (the emulator does, as DER demands), and
// esimctl must show "operational" then, not a blank or another class.
#include "cli_emulator.hpp"

namespace esim::test {
namespace {

using nlohmann::json;

class CliProfileClass : public CliOnEmulator {
protected:
  void SetUp() override {
    CliOnEmulator::SetUp();
    // The travel profile stays operational (omitted on the wire); the home
    // profile is a test profile (sent as 95 01 00), so that a fixed text
    // could not pass.
    editState([](json &s) {
      ASSERT_EQ(s["profiles"][0]["iccid"], kTravelIccid);
      s["profiles"][0]["profileClass"] = "operational";
      s["profiles"][1]["profileClass"] = "test";
    });
  }
};

TEST_F(CliProfileClass, ListShowsTheDefaultWhenTheCardOmitsIt) {
  EsimctlResult r = esimctl({"profile", "list"});
  ASSERT_EQ(r.command.exitCode, 0) << r.describe();
  const std::string &out = r.command.stdoutText;
  auto rowOf = [&](const std::string &iccid) {
    const auto at = out.find(iccid);
    if (at == std::string::npos) return std::string();
    std::string row = out.substr(at, out.find('\n', at) - at);
    row.erase(row.find_last_not_of(' ') + 1);
    return row;
  };
  const std::string travel = rowOf(kTravelIccid);
  const std::string home = rowOf(kHomeIccid);
  EXPECT_NE(out.find("CLASS"), std::string::npos) << out;
  EXPECT_EQ(travel.substr(travel.size() - std::string("operational").size()), "operational") << out;
  EXPECT_EQ(home.substr(home.size() - std::string("test").size()), "test") << out;
}

TEST_F(CliProfileClass, JsonShowsTheDefaultWhenTheCardOmitsIt) {
  EsimctlResult r = esimctl({"--json", "profile", "list"});
  ASSERT_EQ(r.command.exitCode, 0) << r.describe();
  ASSERT_EQ(r.json["data"].size(), 2u) << r.describe();
  EXPECT_EQ(r.json["data"][0]["iccid"], kTravelIccid);
  EXPECT_EQ(r.json["data"][0]["profileClass"], "operational");
  EXPECT_EQ(r.json["data"][1]["profileClass"], "test");
}

} // namespace
} // namespace esim::test
