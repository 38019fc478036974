// bench_upp: writes a synthetic profile package (smdpp-emu's demo UPP with
// more filler elements) for the download benchmarks' catalogs.
//
//   build/bench/bench/bench_upp ICCID ELEMENTS OUT.der
//   build/bench/bench/bench_upp --iccid PACKAGE.der   (prints its ProfileHeader ICCID)
//
// ELEMENTS non-standard elements of 1,500 content bytes each: 8 makes about
// 12 KB, the size of a TS.48 test profile (13 segments of 86). The
// ProfileHeader holds ICCID in plain BCD, as the catalog's check wants.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "catalog.hpp"
#include "demo_profile.hpp"

int main(int argc, char **argv) {
  if (argc == 3 && std::string(argv[1]) == "--iccid") {
    try {
      std::ifstream in(argv[2], std::ios::binary);
      const esim::Bytes upp((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::cout << smdpp::profileHeaderIccid(upp) << "\n";
      return 0;
    } catch (const std::exception &e) {
      std::cerr << "bench_upp: " << argv[2] << ": " << e.what() << "\n";
      return 1;
    }
  }
  if (argc != 4) {
    std::cerr << "usage: bench_upp ICCID ELEMENTS OUT.der | bench_upp --iccid PACKAGE.der\n";
    return 2;
  }
  try {
    const esim::Bytes upp =
        smdpp::demoProfilePackage(argv[1], static_cast<std::size_t>(std::stoul(argv[2])));
    std::ofstream out(argv[3], std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char *>(upp.data()), static_cast<std::streamsize>(upp.size()));
    if (!out.flush()) {
      std::cerr << "bench_upp: cannot write " << argv[3] << "\n";
      return 1;
    }
    std::cout << upp.size() << "\n";
  } catch (const std::exception &e) {
    std::cerr << "bench_upp: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
