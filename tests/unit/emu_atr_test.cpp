// The emulator's ATRs and the ISO/IEC 7816-3 clause 8.2 layout check behind
// euicc-emu --atr. Expected layouts are worked out by hand from the standard.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "esim/bytes.hpp"
#include "esim/error.hpp"
#include "euicc_emu/atr.hpp"

namespace {

using euicc_emu::AtrLayout;
using euicc_emu::checkAtr;

void expectRejected(const char *hex, const char *because) {
  try {
    checkAtr(esim::fromHex(hex));
    ADD_FAILURE() << hex << " was accepted";
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.code(), esim::Errc::invalidArgument);
    EXPECT_NE(std::string(e.what()).find(because), std::string::npos) << e.what();
  }
}

TEST(EmuAtr, DefaultOffersOnlyT0AndHasNoTck) {
  const esim::Bytes atr = euicc_emu::defaultAtr();
  // TS 3B; T0 17: TA1 present, K = 7; TA1 96; 7 historical bytes; no TD1, so
  // only T=0 is indicated and TCK is absent: 3 + 7 bytes.
  EXPECT_EQ(esim::toHex(atr), "3B179680318073FE211B");
  const AtrLayout layout = checkAtr(atr);
  EXPECT_EQ(layout.protocols, std::vector<unsigned>{0});
  EXPECT_FALSE(layout.offers(1));
  EXPECT_FALSE(layout.hasTck);
  EXPECT_EQ(esim::toHex(layout.historicalBytes), "80318073FE211B");
}

TEST(EmuAtr, DualProtocolOffersT0ThenT1WithTck) {
  const esim::Bytes atr = euicc_emu::dualProtocolAtr();
  EXPECT_EQ(esim::toHex(atr), "3B87800180318073FE211B80");
  const AtrLayout layout = checkAtr(atr);
  EXPECT_EQ(layout.protocols, (std::vector<unsigned>{0, 1}));
  EXPECT_TRUE(layout.hasTck);
  EXPECT_EQ(esim::toHex(layout.historicalBytes), "80318073FE211B");
  std::uint8_t x = 0; // T0 .. TCK XOR to zero
  for (std::size_t i = 1; i < atr.size(); ++i)
    x ^= atr[i];
  EXPECT_EQ(x, 0);
}

TEST(EmuAtr, T15NeedsTckToo) {
  // TD1 80 (T=0, TD2 follows), TD2 1F (T=15, TA3 follows), TA3 C7, TCK D8.
  const AtrLayout layout = checkAtr(esim::fromHex("3B80801FC7D8"));
  EXPECT_EQ(layout.protocols, (std::vector<unsigned>{0, 15}));
  EXPECT_TRUE(layout.hasTck);
  expectRejected("3B80801FC7", "TCK is missing");
}

TEST(EmuAtr, BrokenLayoutsAreRejectedNamingTheRule) {
  expectRejected("3B", "TS and T0 are needed");
  expectRejected("3C00", "TS must be 3B");
  expectRejected("3B1796803180", "7 historical bytes but only 3");
  expectRejected("3B8780", "TD1 announces TD2 but the ATR ends");
  expectRejected("3B179680318073FE211B00", "TCK must be absent");
  expectRejected("3B8001", "TCK is missing");
  expectRejected("3B800180", "TCK is 80 but T0 to the last historical byte XOR to 81");
  expectRejected("3B80018100", "1 bytes follow TCK");
  expectRejected("3B0F000000000000000000000000000000000000000000000000000000000000000000",
                 "at most 33");
}

TEST(EmuAtr, OptionNamesOrHex) {
  EXPECT_EQ(euicc_emu::atrFromOption("t0"), euicc_emu::defaultAtr());
  EXPECT_EQ(euicc_emu::atrFromOption("t1"), euicc_emu::dualProtocolAtr());
  EXPECT_EQ(esim::toHex(euicc_emu::atrFromOption("3B 00")), "3B00");
  EXPECT_THROW(euicc_emu::atrFromOption("t2"), esim::Error);
  EXPECT_THROW(euicc_emu::atrFromOption("3B8001"), esim::Error);
}

} // namespace
