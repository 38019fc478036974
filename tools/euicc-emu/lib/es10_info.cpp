// GetEID, GetEuiccInfo1, GetEuiccInfo2, GetEuiccConfiguredAddresses, GetRAT: answers
// built from the state, nothing changes.
#include "codec/der_reader.hpp"
#include "codec/es10_codec.hpp"
#include "codec/tags.hpp"
#include "es10_functions.hpp"
#include "esim/error.hpp"
#include "state_names.hpp"

namespace euicc_emu::es10 {

namespace codec = esim::codec;

void checkEmptyRequest(esim::ByteView request, std::uint32_t tag, const char *function) {
  codec::der::Reader reader(request);
  codec::der::Element outer;
  codec::der::Status status = reader.next(outer);
  if (status != codec::der::Status::ok) {
    throw esim::Error(esim::Errc::malformedResponse,
                      std::string(function) + " request: " + codec::der::statusText(status));
  }
  if (outer.tag != tag || !reader.empty()) {
    throw esim::Error(esim::Errc::malformedResponse,
                      std::string(function) + " request: expected one " + codec::der::tagText(tag) +
                          " element, got " + esim::toHex(request));
  }
}

esim::Bytes getEid(StateStore &store, esim::ByteView request) {
  codec::decodeGetEidRequest(request);
  return codec::encodeGetEidResponse(store.state().eid);
}

esim::Bytes getEuiccInfo1(StateStore &store, esim::ByteView request) {
  checkEmptyRequest(request, codec::kTagGetEuiccInfo1, "GetEuiccInfo1");
  return codec::encodeEuiccInfo1(store.state().euiccInfo1);
}

esim::Bytes getEuiccInfo2(StateStore &store, esim::ByteView request) {
  checkEmptyRequest(request, codec::kTagGetEuiccInfo2, "GetEuiccInfo2");
  esim::EUICCInfo2 info = store.state().euiccInfo2;
  // A state built in code may carry only the decoded numbers.
  if (info.extCardResource.empty())
    info.extCardResource = names::encodeExtCardResource(info.extCardResourceDecoded);
  return codec::encodeEuiccInfo2(info);
}

esim::Bytes getEuiccConfiguredAddresses(StateStore &store, esim::ByteView request) {
  checkEmptyRequest(request, codec::kTagEuiccConfiguredAddresses, "GetEuiccConfiguredAddresses");
  return codec::encodeEuiccConfiguredAddressesResponse(store.state().configuredAddresses);
}

esim::Bytes getRat(StateStore &store, esim::ByteView request) {
  checkEmptyRequest(request, codec::kTagGetRat, "GetRAT");
  const EmulatorState &state = store.state();
  return codec::encodeGetRatResponse(state.rat ? *state.rat : defaultRat());
}

} // namespace euicc_emu::es10
