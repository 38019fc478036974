#include "json_reader.hpp"

#include <limits>

#include "esim/base64.hpp"
#include "esim/error.hpp"
#include "state_names.hpp"

namespace euicc_emu {

namespace {

const char *typeName(const nlohmann::json &v) noexcept {
  switch (v.type()) {
  case nlohmann::json::value_t::null: return "null";
  case nlohmann::json::value_t::object: return "an object";
  case nlohmann::json::value_t::array: return "an array";
  case nlohmann::json::value_t::string: return "a string";
  case nlohmann::json::value_t::boolean: return "a boolean";
  case nlohmann::json::value_t::number_integer:
  case nlohmann::json::value_t::number_unsigned: return "an integer";
  case nlohmann::json::value_t::number_float: return "a fractional number";
  case nlohmann::json::value_t::binary: return "binary data";
  case nlohmann::json::value_t::discarded: return "nothing";
  }
  return "something else";
}

} // namespace

void JsonReader::fail(const std::string &path, const std::string &problem) const {
  std::string where = path.empty() ? std::string() : path + ": ";
  throw esim::Error(esim::Errc::emulator, "state file " + source_ + ": " + where + problem,
                    "fix the file (format: docs/emulator.md) or recreate it with "
                    "`euicc-emu --state FILE --init --force`");
}

const nlohmann::json *JsonReader::find(const nlohmann::json &obj, const char *key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

const nlohmann::json &JsonReader::require(const nlohmann::json &obj, const std::string &path,
                                          const char *key) const {
  const nlohmann::json *v = find(obj, key);
  if (!v) fail(member(path, key), "missing required key");
  return *v;
}

const nlohmann::json &JsonReader::object(const nlohmann::json &v, const std::string &path) const {
  if (!v.is_object()) fail(path, std::string("expected an object, got ") + typeName(v));
  return v;
}

const nlohmann::json &JsonReader::array(const nlohmann::json &v, const std::string &path) const {
  if (!v.is_array()) fail(path, std::string("expected an array, got ") + typeName(v));
  return v;
}

std::string JsonReader::string(const nlohmann::json &v, const std::string &path) const {
  if (!v.is_string()) fail(path, std::string("expected a string, got ") + typeName(v));
  return v.get_ref<const std::string &>();
}

std::uint64_t JsonReader::unsignedNumber(const nlohmann::json &v, const std::string &path) const {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  if (v.is_number_integer()) fail(path, "expected a number of 0 or more, got " + v.dump());
  fail(path, std::string("expected an unsigned integer, got ") + typeName(v));
}

std::int64_t JsonReader::nonNegativeInt64(const nlohmann::json &v, const std::string &path) const {
  std::uint64_t n = unsignedNumber(v, path);
  if (n > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    fail(path, "number " + std::to_string(n) + " is too large");
  return static_cast<std::int64_t>(n);
}

esim::Bytes JsonReader::hex(const nlohmann::json &v, const std::string &path,
                            std::size_t exactLength) const {
  std::string text = string(v, path);
  esim::Bytes out;
  try {
    out = esim::fromHex(text, "value");
  } catch (const esim::Error &) {
    fail(path, "'" + text + "' is not hexadecimal (an even number of 0-9/A-F digits)");
  }
  if (exactLength != 0 && out.size() != exactLength) {
    fail(path, "'" + text + "' is " + std::to_string(out.size()) + " bytes, expected " +
                   std::to_string(exactLength) + " (" + std::to_string(exactLength * 2) +
                   " hex digits)");
  }
  return out;
}

esim::Bytes JsonReader::base64(const nlohmann::json &v, const std::string &path) const {
  std::string text = string(v, path);
  try {
    return esim::base64Decode(text, "value");
  } catch (const esim::Error &) {
    fail(path, "not valid base64 (standard alphabet, with = padding)");
  }
}

esim::Bytes JsonReader::version(const nlohmann::json &v, const std::string &path) const {
  std::string text = string(v, path);
  auto bytes = names::versionFromText(text);
  if (!bytes) fail(path, "'" + text + "' is not a version like \"2.2.2\" (three numbers 0..255)");
  return *bytes;
}

std::optional<std::string> JsonReader::optionalString(const nlohmann::json &obj,
                                                      const std::string &path,
                                                      const char *key) const {
  const nlohmann::json *v = find(obj, key);
  if (!v) return std::nullopt;
  return string(*v, member(path, key));
}

std::string JsonReader::member(const std::string &path, const char *key) {
  return path.empty() ? std::string(key) : path + "." + key;
}

std::string JsonReader::element(const std::string &path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

} // namespace euicc_emu
