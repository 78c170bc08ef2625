// Reader and JSON harnesses: the fuzzer's bytes are the file (harness.hpp).
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>

#include "harness.hpp"
#include "secondheart/assess/norms.hpp"
#include "secondheart/io/csv.hpp"
#include "secondheart/io/imu_readers.hpp"
#include "secondheart/io/insole_readers.hpp"

namespace secondheart::fuzz {
namespace {

Bytes as_bytes(std::string_view text) { return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}; }
std::string_view as_text(Bytes bytes) { return {reinterpret_cast<const char*>(bytes.data()), bytes.size()}; }

// A valid foot file of a Voisard trial (the format, with made-up numbers) for the voisard_json harness.
constexpr std::string_view voisard_foot_file =
    "Acquisition frequency: 100 Hz\n"
    "PacketCounter\tAcc_X\tAcc_Y\tAcc_Z\tGyr_X\tGyr_Y\tGyr_Z\tMag_X\tMag_Y\tMag_Z\n"
    "0\t5.0\t0.4\t8.9\t0.01\t0.0\t-0.02\t-0.62\t-0.01\t-0.40\n"
    "1\t5.0\t0.4\t8.9\t0.01\t0.5\t-0.02\t-0.62\t-0.01\t-0.40\n"
    "2\t6.0\t0.4\t8.9\t0.01\t1.0\t-0.02\t-0.62\t-0.01\t-0.40\n"
    "3\t5.0\t0.4\t8.9\t0.01\t0.2\t-0.02\t-0.62\t-0.01\t-0.40\n"
    "4\t5.0\t0.4\t8.9\t0.01\t0.0\t-0.02\t-0.62\t-0.01\t-0.40\n"
    "5\t5.0\t0.4\t8.9\t0.01\t0.0\t-0.02\t-0.62\t-0.01\t-0.40\n";

}  // namespace

void gaitpdb(Bytes input) { io::read_gaitpdb(write_temp_file("GaCo01_01.txt", input)); }

void moticon(Bytes input) { io::read_moticon(write_temp_file("moticon.txt", input)); }

void gaitmap_csv(Bytes input) { io::read_gaitmap_csv(write_temp_file("imu_sample.csv", input)); }

void gaitmap_strides(Bytes input) { io::read_gaitmap_strides(write_temp_file("stride_events.csv", input)); }

void voisard(Bytes input) {
  // JSON, then the left foot's text, then the right foot's; a missing part is an empty file.
  std::string_view rest = as_text(input);
  std::string_view parts[3];
  for (auto& part : parts) {
    const auto cut = rest.find(voisard_separator);
    part = rest.substr(0, cut);
    rest = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + voisard_separator.size());
  }
  write_temp_file("1-1.json", as_bytes(parts[0]));
  write_temp_file("1-1_lf.txt", as_bytes(parts[1]));
  const std::string right = write_temp_file("1-1_rf.txt", as_bytes(parts[2]));
  io::read_voisard(right);
}

void voisard_json(Bytes input) {
  write_temp_file("2-1_lf.txt", as_bytes(voisard_foot_file));
  write_temp_file("2-1_rf.txt", as_bytes(voisard_foot_file));
  io::read_voisard(write_temp_file("2-1.json", input));
}

void movingreality(Bytes input) { io::read_movingreality(write_temp_file("pp01_1Reg.csv", input)); }

void imu_csv(Bytes input) {
  io::ImuCsvSpec spec;
  spec.time_column = "time";
  spec.sensors.push_back({Side::Left, Placement::Foot, {"ax", "ay", "az"}, {"gx", "gy", "gz"}});
  io::read_imu_csv(write_temp_file("imu.csv", input), spec);
}

void insole_csv(Bytes input) {
  io::InsoleCsvSpec spec;
  spec.time_column = "time";
  spec.left = io::InsoleColumns{{"l1", "l2", "l3", "l4"}, "", {}, {}};
  spec.right = io::InsoleColumns{{"r1", "r2", "r3", "r4"}, "", {}, {}};
  io::read_insole_csv(write_temp_file("insole.csv", input), spec);
}

void csv(Bytes input) {
  std::istringstream in{std::string(as_text(input))};
  io::parse_csv(in, "fuzz input");
}

void norms(Bytes input) {
  const assess::Norms parsed = assess::parse_norms(std::string(as_text(input)), "fuzz input");
  // Documented: parse_norms(norms_to_json(n)) reproduces n. A throw or a difference here is a finding.
  const std::string written = assess::norms_to_json(parsed);
  std::string rewritten;
  try {
    rewritten = assess::norms_to_json(assess::parse_norms(written, "norms_to_json output"));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz finding: norms_to_json wrote what parse_norms rejects: %s\n%s\n", e.what(), written.c_str());
    std::abort();
  }
  if (rewritten != written) {
    std::fprintf(stderr, "fuzz finding: norms round trip changed the norms:\n%s\n---\n%s\n", written.c_str(),
                 rewritten.c_str());
    std::abort();
  }
}

}  // namespace secondheart::fuzz
