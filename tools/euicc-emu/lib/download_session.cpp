#include "download_session.hpp"

#include "bpp_loader.hpp"

namespace euicc_emu {

DownloadSession::DownloadSession() = default;
DownloadSession::~DownloadSession() = default;
DownloadSession::DownloadSession(DownloadSession &&) noexcept = default;
DownloadSession &DownloadSession::operator=(DownloadSession &&) noexcept = default;

void DownloadSession::end() noexcept {
  std::string diagnostic = std::move(lastDiagnostic);
  *this = DownloadSession();
  lastDiagnostic = std::move(diagnostic);
}

} // namespace euicc_emu
