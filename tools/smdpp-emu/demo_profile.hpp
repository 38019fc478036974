// The built-in demo profile package: a small synthetic but well-formed SAIP
// Unprotected Profile Package (ProfileHeader with the ICCID, an MF, a
// non-standard element and a PE-End), made in code so that a fresh clone
// can run the demo without any profile file.
#pragma once

#include <cstddef>
#include <string>

#include "esim/bytes.hpp"

namespace smdpp {

// demoProfilePackage returns the DER of the demo UPP for |iccid| (18..20
// digits) with |fillerElements| non-standard elements of 1,500 content bytes
// each. With the default 2 it is about 3 KB, so its 86 part has several
// segments; the benchmarks use 8 (about 12 KB, the size of a TS.48 test
// profile). Throws std::runtime_error for an ICCID that is not 18..20 digits.
esim::Bytes demoProfilePackage(const std::string &iccid, std::size_t fillerElements = 2);

} // namespace smdpp
