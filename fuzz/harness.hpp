// The fuzz harnesses of secondheart (docs/hardening.md): one function per reader, JSON input and
// pipeline entry, all linked into one libFuzzer binary (fuzz_main.cpp picks one by name).
//
// Contract each harness checks: the library returns, or throws secondheart::InvalidArgument or
// secondheart::FormatError. Any other exception, a crash, a sanitizer report or a hang is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "secondheart/core/recording.hpp"

namespace secondheart::fuzz {

using Bytes = std::span<const std::uint8_t>;

// ---------------------------------------------------------------------------------------------
// Reader harnesses (harness_readers.cpp): the bytes are the file (written to a per-process temp
// directory, since the readers take paths).
void gaitpdb(Bytes input);
void moticon(Bytes input);
void gaitmap_csv(Bytes input);
void gaitmap_strides(Bytes input);
void voisard(Bytes input);       ///< JSON, left-foot text, right-foot text, split at voisard_separator
void voisard_json(Bytes input);  ///< the trial's JSON only (both foot files fixed and valid)
void movingreality(Bytes input);
void imu_csv(Bytes input);       ///< columns time, ax, ay, az, gx, gy, gz (a left foot IMU)
void insole_csv(Bytes input);    ///< columns time, l1..l4, r1..r4 (N)
void csv(Bytes input);           ///< io::parse_csv from memory, default options
void norms(Bytes input);         ///< assess::parse_norms, then the round trip through norms_to_json

/// Separates the three files of a Voisard trial in the voisard harness's input.
inline constexpr std::string_view voisard_separator = "\n--8<--\n";

// ---------------------------------------------------------------------------------------------
// Pipeline harnesses (harness_pipelines.cpp): header bytes choose the rate, sensors and options,
// the rest are the samples (see read_session).
void foot_imu(Bytes input);  ///< pipeline::analyze_foot_imus
void ankle(Bytes input);     ///< pipeline::analyze_shank_imus (shank IMUs, with or without foot IMUs)
void insole(Bytes input);    ///< pipeline::analyze_insoles
void analyze(Bytes input);   ///< secondheart::analyze on any mix of sensors, then io::to_json

// ---------------------------------------------------------------------------------------------
// Helpers shared by the harnesses.

/// Writes `content` to `name` in this process's temp directory and returns the path.
std::string write_temp_file(const std::string& name, Bytes content);

/// Reads the fuzzer's bytes in order; past the end it reads zeros.
class ByteReader {
 public:
  explicit ByteReader(Bytes input) : input_(input) {}
  std::uint8_t byte() { return position_ < input_.size() ? input_[position_++] : 0; }
  std::int16_t int16() {
    const auto low = byte();
    const auto high = byte();
    return static_cast<std::int16_t>(static_cast<std::uint16_t>(low | (high << 8)));
  }
  std::size_t remaining() const { return input_.size() - position_; }

 private:
  Bytes input_;
  std::size_t position_ = 0;
};

/// A sample from 16 bits: raw / 32768 · full_scale, except a few codes for the values devices and
/// exports produce when something goes wrong: −32768 NaN, 32767 +inf, −32767 −inf, ±32766 ±1e300.
inline double sample_from(std::int16_t raw, double full_scale) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  switch (raw) {
    case -32768: return std::numeric_limits<double>::quiet_NaN();
    case 32767: return inf;
    case -32767: return -inf;
    case 32766: return 1e300;
    case -32766: return -1e300;
    default: return raw * (full_scale / 32768.0);
  }
}

inline constexpr double acc_full_scale_mps2 = 160.0;   // ±16 g
inline constexpr double gyr_full_scale_dps = 2000.0;
inline constexpr double force_full_scale_n = 2000.0;

/// A sampling rate from one byte: codes below 0xF8 pick one of 8 plausible rates, the last 8 codes
/// rates every entry must reject or survive (0, negative, NaN, inf, tiny, huge).
double sampling_rate_from(std::uint8_t code);

/// Which recordings a session holds and how; the harnesses fill it from their header bytes.
struct SessionShape {
  double sampling_rate_hz = 100.0;
  bool foot_left = false, foot_right = false, shank_left = false, shank_right = false;
  bool insole_left = false, insole_right = false;
  Index insole_cells = 1;       ///< cells per insole (1..8), at evenly spaced x along the foot
  bool insole_totals = false;   ///< insoles carry a device total column
  AxesFrame imu_frame = AxesFrame::Sensor;
  double right_start_time_s = 0.0;  ///< start time of the right-side recordings (left: 0)
  std::optional<double> body_mass_kg;
};

/// Reads samples row by row until fewer bytes remain than a row needs. A row holds, in this order,
/// 6 values (acc x, y, z in m/s², gyro x, y, z in deg/s) per IMU present (foot left, foot right,
/// shank left, shank right), then per insole present (left, right) its cells and, with totals, its
/// total (N). Each value is sample_from(int16 little-endian, full scale).
Session read_session(ByteReader& in, const SessionShape& shape);

}  // namespace secondheart::fuzz
