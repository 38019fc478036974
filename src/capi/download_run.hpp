// The one code path of the C API's downloads: esim_euicc_download_profile
// (an activation code) and esim_euicc_download_event (an SM-DS event) differ
// only in where the order's SM-DP+ address and MatchingID come from; the
// callbacks, options, receipt, report, result and errors are the same.
#pragma once

#include <functional>

#include "capi/capi_support.hpp"
#include "esim/profile_download.hpp"

namespace esim::capi {

// OrderSource returns the order to download, without its deviceInfo (the
// runner fills that in from the options' IMEI). It runs before any APDU and
// may throw Error(Errc::invalidArgument) for an argument it refuses.
using OrderSource = std::function<DownloadOrder()>;

// runDownload downloads the order |source| gives through |es9p| on |euicc|
// with the C caller's optional |callbacks| and |options|, and stores the
// result in |*out| (NULL on failure). Never throws: failures are recorded
// on |euicc| and returned as esim_euicc_download_profile documents.
esim_status runDownload(esim_euicc &euicc, esim_es9p &es9p, const OrderSource &source,
                        const esim_download_callbacks *callbacks,
                        const esim_download_options *options, esim_download_result **out) noexcept;

} // namespace esim::capi
