// Names of SGP.22 enum values and named bits as the state file spells them,
// and the small value conversions the state file needs (versions, OIDs,
// extCardResource). Internal to the emulator library.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "esim/bytes.hpp"
#include "esim/euicc_info.hpp"
#include "esim/notification.hpp"
#include "esim/profile.hpp"

namespace euicc_emu::names {

// Each *Name returns the SGP.22 ASN.1 identifier of a value; each parse*
// returns the value for an identifier, or nullopt if there is none.
const char *profileStateName(esim::ProfileState s) noexcept;
std::optional<esim::ProfileState> parseProfileState(std::string_view name) noexcept;
const char *profileClassName(esim::ProfileClass c) noexcept;
std::optional<esim::ProfileClass> parseProfileClass(std::string_view name) noexcept;
const char *iconTypeName(esim::IconType t) noexcept;
std::optional<esim::IconType> parseIconType(std::string_view name) noexcept;
const char *euiccCategoryName(esim::EuiccCategory c) noexcept;
std::optional<esim::EuiccCategory> parseEuiccCategory(std::string_view name) noexcept;
// Notification events use esim::notificationEventName ("install", ...).
std::optional<esim::NotificationEvent> parseNotificationEvent(std::string_view name) noexcept;

// kPprNames lists the PprIds bit names in bit order.
inline constexpr const char *kPprNames[] = {"pprUpdateControl", "ppr1", "ppr2"};
// pprNames returns the names of the rules set in |ppr|.
std::vector<std::string> pprNames(const esim::PprIds &ppr);
// setPpr sets the rule called |name| in |ppr|; returns false for an unknown name.
bool setPpr(esim::PprIds &ppr, std::string_view name) noexcept;

// BitNames selects a named BIT STRING type of EUICCInfo2.
enum class BitNames { uiccCapability, rspCapability };
// bitNames returns the names of all bits of |kind| in bit order (from the
// library's own table, so the two never disagree).
std::vector<std::string> bitNames(BitNames kind);
// bitStringFromPositions returns the DER form of a BIT STRING with the given
// bits set: trailing zero bits dropped, as DER requires for named bits.
esim::BitString bitStringFromPositions(const std::vector<unsigned> &positions);

// versionFromText parses "2.2.2" into 3 bytes; nullopt unless three decimal
// numbers 0..255 separated by dots.
std::optional<esim::Bytes> versionFromText(std::string_view text);

// isUtf8 reports whether |s| is well-formed UTF-8 (no overlong forms or
// surrogates), as UTF8String and JSON both require.
bool isUtf8(std::string_view s) noexcept;

// isDottedOid reports whether |text| is an OBJECT IDENTIFIER in dotted form
// (at least two arcs, first arc 0..2, second below 40 unless the first is 2).
bool isDottedOid(std::string_view text) noexcept;

// encodeExtCardResource returns the TLVs of ETSI TS 102 226 clause 8.2.1.3.2
// ('81' installed applications, '82' free non-volatile memory, '83' free
// volatile memory) for the values present, each as a minimal unsigned number.
esim::Bytes encodeExtCardResource(const esim::ExtCardResource &r);

} // namespace euicc_emu::names
