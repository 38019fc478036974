// JsonReader: typed access to the state file's JSON with error messages that
// name the file and the field path ("state file s.json: profiles[2].iccid:
// expected a string, got a number"). Internal to the emulator library.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "esim/bytes.hpp"

namespace euicc_emu {

// JsonReader reads values out of parsed JSON for one source (file name).
// Every method throws esim::Error(Errc::emulator) on a missing key or a value
// of the wrong type or form; nothing else escapes.
class JsonReader {
public:
  explicit JsonReader(std::string source) : source_(std::move(source)) {}

  // fail throws the error "state file <source>: <path>: <problem>".
  [[noreturn]] void fail(const std::string &path, const std::string &problem) const;

  // find returns the member |key| of object |obj|, or nullptr if it is
  // absent or JSON null (both mean "not given").
  static const nlohmann::json *find(const nlohmann::json &obj, const char *key);
  // require returns the member |key| or fails with "missing required key".
  const nlohmann::json &require(const nlohmann::json &obj, const std::string &path,
                                const char *key) const;

  // The typed readers check the JSON type of |v| (at |path|) and convert.
  const nlohmann::json &object(const nlohmann::json &v, const std::string &path) const;
  const nlohmann::json &array(const nlohmann::json &v, const std::string &path) const;
  std::string string(const nlohmann::json &v, const std::string &path) const;
  std::uint64_t unsignedNumber(const nlohmann::json &v, const std::string &path) const;
  std::int64_t nonNegativeInt64(const nlohmann::json &v, const std::string &path) const;
  // hex reads a hex string; |exactLength| (if not 0) is the required byte count.
  esim::Bytes hex(const nlohmann::json &v, const std::string &path,
                  std::size_t exactLength = 0) const;
  esim::Bytes base64(const nlohmann::json &v, const std::string &path) const;
  // version reads "major.minor.revision" into 3 bytes.
  esim::Bytes version(const nlohmann::json &v, const std::string &path) const;

  // optionalString returns the string member |key|, or nullopt if absent.
  std::optional<std::string> optionalString(const nlohmann::json &obj, const std::string &path,
                                            const char *key) const;

  // member builds the path of |key| below |path| ("a.b").
  static std::string member(const std::string &path, const char *key);
  // element builds the path of element |i| of |path| ("a[3]").
  static std::string element(const std::string &path, std::size_t i);

  const std::string &source() const noexcept { return source_; }

private:
  std::string source_;
};

} // namespace euicc_emu
