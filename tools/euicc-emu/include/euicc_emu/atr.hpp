// The emulated card's Answer To Reset: the T=0 ATR it answers by default, one
// that offers T=1 as well, and a check of an ATR's layout (ISO/IEC 7816-3
// clause 8.2), for `euicc-emu --atr`.
//
//   esim::Bytes atr = euicc_emu::atrFromOption("t1");  // 3B87800180318073FE211B80
//   euicc_emu::AtrLayout layout = euicc_emu::checkAtr(atr);
//   layout.offers(1);                                    // true
//
// The protocol matters to other PC/SC programs: pcscd keeps a card in the
// protocol its first connection chose, and picks T=1 for a card that offers
// both when asked for either. A program that then connects T=0 only (as lpac
// does) fails with SCARD_E_PROTO_MISMATCH until the card is powered down.
// Real eUICCs in USB readers are T=0 cards, so the default offers T=0 only.
#pragma once

#include <string_view>
#include <vector>

#include "esim/bytes.hpp"

namespace euicc_emu {

// AtrLayout is what an ATR indicates.
struct AtrLayout {
  // protocols lists each T the TDi bytes indicate, in order and without
  // repeats (15 stands for global interface bytes); {0} when there is no TD1,
  // since T=0 is then indicated by default.
  std::vector<unsigned> protocols;
  esim::Bytes historicalBytes;
  bool hasTck = false;

  // offers returns whether T=|protocol| is indicated.
  bool offers(unsigned protocol) const;
};

// checkAtr reads |atr| by ISO/IEC 7816-3 clause 8.2: TS (3B direct, 3F
// inverse convention), T0 (Y1, K), the interface bytes each Yi announces, K
// historical bytes, then TCK, which is absent when only T=0 is indicated and
// otherwise present, with T0 to TCK XORing to 00. At most 33 bytes. Throws
// esim::Error(Errc::invalidArgument) naming the byte and the rule it breaks.
AtrLayout checkAtr(esim::ByteView atr);

// defaultAtr returns the ATR a card answers when its state file names none
// and euicc-emu got no --atr: a UICC's, direct convention, TA1 96 (Fi 512,
// Di 32), only T=0 (no TD1, so no TCK), historical bytes 80 31 80 73 FE 21 1B
// (COMPACT-TLV: selection by full DF name; DF selection methods, data
// coding, logical channels assigned by card or terminal, 4 channels).
esim::Bytes defaultAtr();

// dualProtocolAtr returns an ATR with the same historical bytes that offers
// T=0 and T=1 (TD1 80, TD2 01, TCK 80), the emulator's default until T=0-only
// programs needed the card in T=0.
esim::Bytes dualProtocolAtr();

// atrFromOption returns the ATR `euicc-emu --atr` names: "t0" (defaultAtr),
// "t1" (dualProtocolAtr) or an ATR in hex that passes checkAtr. Throws
// esim::Error(Errc::invalidArgument) saying what is wrong otherwise.
esim::Bytes atrFromOption(std::string_view text);

} // namespace euicc_emu
