#include "state_names.hpp"

#include <charconv>

namespace euicc_emu::names {

namespace {

template <typename E> struct Named {
  E value;
  const char *name;
};

constexpr Named<esim::ProfileState> kProfileStates[] = {
    {esim::ProfileState::disabled, "disabled"},
    {esim::ProfileState::enabled, "enabled"},
};
constexpr Named<esim::ProfileClass> kProfileClasses[] = {
    {esim::ProfileClass::test, "test"},
    {esim::ProfileClass::provisioning, "provisioning"},
    {esim::ProfileClass::operational, "operational"},
};
constexpr Named<esim::IconType> kIconTypes[] = {
    {esim::IconType::jpg, "jpg"},
    {esim::IconType::png, "png"},
};
constexpr Named<esim::EuiccCategory> kEuiccCategories[] = {
    {esim::EuiccCategory::other, "other"},
    {esim::EuiccCategory::basicEuicc, "basicEuicc"},
    {esim::EuiccCategory::mediumEuicc, "mediumEuicc"},
    {esim::EuiccCategory::contactlessEuicc, "contactlessEuicc"},
};
constexpr esim::NotificationEvent kEvents[] = {
    esim::NotificationEvent::notificationInstall,
    esim::NotificationEvent::notificationEnable,
    esim::NotificationEvent::notificationDisable,
    esim::NotificationEvent::notificationDelete,
};

template <typename E, std::size_t N>
const char *nameIn(const Named<E> (&table)[N], E value) noexcept {
  for (const auto &entry : table) {
    if (entry.value == value) return entry.name;
  }
  return "unknown";
}

template <typename E, std::size_t N>
std::optional<E> parseIn(const Named<E> (&table)[N], std::string_view name) noexcept {
  for (const auto &entry : table) {
    if (name == entry.name) return entry.value;
  }
  return std::nullopt;
}

// The library names the bits of a BIT STRING only through the *Names
// functions; probing one bit at a time recovers its table in bit order.
constexpr unsigned kMaxProbedBits = 64;

void appendMinimalUnsigned(esim::Bytes &out, std::uint8_t tag, std::uint64_t value) {
  esim::Bytes digits;
  do {
    digits.insert(digits.begin(), static_cast<std::uint8_t>(value & 0xFF));
    value >>= 8;
  } while (value != 0);
  out.push_back(tag);
  out.push_back(static_cast<std::uint8_t>(digits.size()));
  out.insert(out.end(), digits.begin(), digits.end());
}

constexpr std::uint8_t kTagInstalledApplications = 0x81;
constexpr std::uint8_t kTagFreeNonVolatileMemory = 0x82;
constexpr std::uint8_t kTagFreeVolatileMemory = 0x83;

} // namespace

const char *profileStateName(esim::ProfileState s) noexcept {
  return nameIn(kProfileStates, s);
}
std::optional<esim::ProfileState> parseProfileState(std::string_view name) noexcept {
  return parseIn(kProfileStates, name);
}
const char *profileClassName(esim::ProfileClass c) noexcept {
  return nameIn(kProfileClasses, c);
}
std::optional<esim::ProfileClass> parseProfileClass(std::string_view name) noexcept {
  return parseIn(kProfileClasses, name);
}
const char *iconTypeName(esim::IconType t) noexcept {
  return nameIn(kIconTypes, t);
}
std::optional<esim::IconType> parseIconType(std::string_view name) noexcept {
  return parseIn(kIconTypes, name);
}
const char *euiccCategoryName(esim::EuiccCategory c) noexcept {
  return nameIn(kEuiccCategories, c);
}
std::optional<esim::EuiccCategory> parseEuiccCategory(std::string_view name) noexcept {
  return parseIn(kEuiccCategories, name);
}

std::optional<esim::NotificationEvent> parseNotificationEvent(std::string_view name) noexcept {
  for (auto event : kEvents) {
    if (name == esim::notificationEventName(event)) return event;
  }
  return std::nullopt;
}

std::vector<std::string> pprNames(const esim::PprIds &ppr) {
  std::vector<std::string> out;
  const bool set[] = {ppr.pprUpdateControl, ppr.ppr1, ppr.ppr2};
  for (std::size_t i = 0; i < std::size(kPprNames); ++i) {
    if (set[i]) out.emplace_back(kPprNames[i]);
  }
  return out;
}

bool setPpr(esim::PprIds &ppr, std::string_view name) noexcept {
  bool *bits[] = {&ppr.pprUpdateControl, &ppr.ppr1, &ppr.ppr2};
  for (std::size_t i = 0; i < std::size(kPprNames); ++i) {
    if (name == kPprNames[i]) {
      *bits[i] = true;
      return true;
    }
  }
  return false;
}

std::vector<std::string> bitNames(BitNames kind) {
  std::vector<std::string> out;
  for (unsigned bit = 0; bit < kMaxProbedBits; ++bit) {
    esim::BitString one = bitStringFromPositions({bit});
    std::vector<std::string> name = kind == BitNames::uiccCapability
                                        ? esim::uiccCapabilityNames(one)
                                        : esim::rspCapabilityNames(one);
    if (name.size() != 1) break;
    out.push_back(name.front());
  }
  return out;
}

esim::BitString bitStringFromPositions(const std::vector<unsigned> &positions) {
  esim::BitString bits;
  for (unsigned bit : positions) {
    std::size_t byte = bit / 8;
    if (bits.bytes.size() <= byte) bits.bytes.resize(byte + 1, 0);
    bits.bytes[byte] = static_cast<std::uint8_t>(bits.bytes[byte] | (0x80u >> (bit % 8)));
  }
  if (!bits.bytes.empty()) {
    std::uint8_t last = bits.bytes.back();
    std::uint8_t unused = 0;
    while (((last >> unused) & 1) == 0)
      ++unused;
    bits.unusedBits = unused;
  }
  return bits;
}

std::optional<esim::Bytes> versionFromText(std::string_view text) {
  esim::Bytes out;
  const char *p = text.data();
  const char *end = text.data() + text.size();
  for (int part = 0; part < 3; ++part) {
    if (part > 0) {
      if (p == end || *p != '.') return std::nullopt;
      ++p;
    }
    unsigned value = 0;
    auto [next, ec] = std::from_chars(p, end, value);
    if (ec != std::errc() || next == p || value > 0xFF) return std::nullopt;
    out.push_back(static_cast<std::uint8_t>(value));
    p = next;
  }
  if (p != end) return std::nullopt;
  return out;
}

bool isDottedOid(std::string_view text) noexcept {
  std::size_t arcs = 0;
  unsigned long long first = 0;
  const char *p = text.data();
  const char *end = text.data() + text.size();
  while (true) {
    unsigned long long value = 0;
    auto [next, ec] = std::from_chars(p, end, value);
    if (ec != std::errc() || next == p) return false;
    if (arcs == 0 && value > 2) return false;
    if (arcs == 0) first = value;
    if (arcs == 1 && first < 2 && value >= 40) return false;
    ++arcs;
    p = next;
    if (p == end) break;
    if (*p != '.') return false;
    ++p;
  }
  return arcs >= 2;
}

esim::Bytes encodeExtCardResource(const esim::ExtCardResource &r) {
  esim::Bytes out;
  if (r.numberOfInstalledApplications)
    appendMinimalUnsigned(out, kTagInstalledApplications, *r.numberOfInstalledApplications);
  if (r.freeNonVolatileMemory)
    appendMinimalUnsigned(out, kTagFreeNonVolatileMemory, *r.freeNonVolatileMemory);
  if (r.freeVolatileMemory)
    appendMinimalUnsigned(out, kTagFreeVolatileMemory, *r.freeVolatileMemory);
  return out;
}

bool isUtf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1Fu;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0Fu;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false; // truncated sequence
    for (std::size_t k = 1; k <= extra; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    static constexpr std::uint32_t kMinForLength[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

} // namespace euicc_emu::names
