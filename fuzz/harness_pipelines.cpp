// Pipeline harnesses: header bytes choose the sampling rate, the sensors and options; the rest are
// samples (read_session in harness.hpp). Byte 0 is always the rate code (sampling_rate_from).
#include <cmath>

#include "harness.hpp"
#include "secondheart/io/report.hpp"
#include "secondheart/pipeline/analyze.hpp"

namespace secondheart::fuzz {

double sampling_rate_from(std::uint8_t code) {
  constexpr double plausible[8] = {100.0, 102.4, 204.8, 50.0, 128.0, 200.0, 60.0, 1000.0};
  constexpr double odd[8] = {0.0, -100.0, std::numeric_limits<double>::quiet_NaN(),
                             std::numeric_limits<double>::infinity(), 1e-3, 1e9, 1.0, 5e4};
  return code < 0xF8 ? plausible[code % 8] : odd[code - 0xF8];
}

Session read_session(ByteReader& in, const SessionShape& shape) {
  Session session;
  session.name = "fuzz";
  session.subject.body_mass_kg = shape.body_mass_kg;
  const auto start_of = [&](Side side) { return side == Side::Right ? shape.right_start_time_s : 0.0; };
  const struct {
    bool present;
    Placement placement;
    Side side;
  } imus[4] = {{shape.foot_left, Placement::Foot, Side::Left},
               {shape.foot_right, Placement::Foot, Side::Right},
               {shape.shank_left, Placement::Shank, Side::Left},
               {shape.shank_right, Placement::Shank, Side::Right}};
  for (const auto& imu : imus) {
    if (!imu.present) continue;
    ImuRecording& rec = session.imus.emplace_back();
    rec.side = imu.side;
    rec.placement = imu.placement;
    rec.sampling_rate_hz = shape.sampling_rate_hz;
    rec.frame = shape.imu_frame;
    rec.start_time_s = start_of(imu.side);
  }
  for (Side side : {Side::Left, Side::Right}) {
    if (!(side == Side::Left ? shape.insole_left : shape.insole_right)) continue;
    InsoleRecording& rec = session.insoles.emplace_back();
    rec.side = side;
    rec.sampling_rate_hz = shape.sampling_rate_hz;
    rec.start_time_s = start_of(side);
    rec.cell_position_m.resize(shape.insole_cells, 2);
    for (Index c = 0; c < shape.insole_cells; ++c)
      rec.cell_position_m.row(c) << (static_cast<double>(c) + 0.5) / static_cast<double>(shape.insole_cells) * rec.foot_length_m, 0.0;
  }
  const Index insole_columns = shape.insole_cells + (shape.insole_totals ? 1 : 0);
  const std::size_t row_bytes =
      2 * static_cast<std::size_t>(6 * session.imus.size() + static_cast<std::size_t>(insole_columns) * session.insoles.size());
  const Index rows = row_bytes == 0 ? 0 : static_cast<Index>(in.remaining() / row_bytes);
  for (auto& rec : session.imus) rec.acc_mps2.resize(rows, 3), rec.gyr_dps.resize(rows, 3);
  for (auto& rec : session.insoles) {
    rec.cell_force_n.resize(rows, shape.insole_cells);
    if (shape.insole_totals) rec.total_force_n.resize(rows);
  }
  for (Index i = 0; i < rows; ++i) {
    for (auto& rec : session.imus) {
      for (Index a = 0; a < 3; ++a) rec.acc_mps2(i, a) = sample_from(in.int16(), acc_full_scale_mps2);
      for (Index a = 0; a < 3; ++a) rec.gyr_dps(i, a) = sample_from(in.int16(), gyr_full_scale_dps);
    }
    for (auto& rec : session.insoles) {
      for (Index c = 0; c < shape.insole_cells; ++c) rec.cell_force_n(i, c) = sample_from(in.int16(), force_full_scale_n);
      if (shape.insole_totals) rec.total_force_n[i] = sample_from(in.int16(), force_full_scale_n);
    }
  }
  return session;
}

namespace {
bool bit(std::uint8_t flags, int k) { return (flags >> k) & 1; }
}  // namespace

// Byte 1: bit 0 left foot, bit 1 right foot (neither: left), bit 2 segment frame,
// bit 3 keep_segment_signals, bit 4 right foot starts 1 s later.
void foot_imu(Bytes input) {
  ByteReader in(input);
  SessionShape shape;
  shape.sampling_rate_hz = sampling_rate_from(in.byte());
  const std::uint8_t flags = in.byte();
  shape.foot_left = bit(flags, 0) || !bit(flags, 1);
  shape.foot_right = bit(flags, 1);
  shape.imu_frame = bit(flags, 2) ? AxesFrame::Segment : AxesFrame::Sensor;
  shape.right_start_time_s = bit(flags, 4) ? 1.0 : 0.0;
  pipeline::FootImuPipelineParams params;
  params.keep_segment_signals = bit(flags, 3);
  pipeline::analyze_foot_imus(read_session(in, shape), params);
}

// Byte 1: bits 0-3 foot left, foot right, shank left, shank right (no shank: shank left), bit 4
// segment frame, bit 5 right side starts 1 s later, bit 6 use_foot_imus off.
void ankle(Bytes input) {
  ByteReader in(input);
  SessionShape shape;
  shape.sampling_rate_hz = sampling_rate_from(in.byte());
  const std::uint8_t flags = in.byte();
  shape.foot_left = bit(flags, 0);
  shape.foot_right = bit(flags, 1);
  shape.shank_left = bit(flags, 2) || !bit(flags, 3);
  shape.shank_right = bit(flags, 3);
  shape.imu_frame = bit(flags, 4) ? AxesFrame::Segment : AxesFrame::Sensor;
  shape.right_start_time_s = bit(flags, 5) ? 1.0 : 0.0;
  pipeline::ShankPipelineParams params;
  params.use_foot_imus = !bit(flags, 6);
  pipeline::analyze_shank_imus(read_session(in, shape), params);
}

// Byte 1: bit 0 left, bit 1 right (neither: left), bits 2-4 cells − 1, bit 5 total columns,
// bit 6 right side starts 1 s later, bit 7 body mass known (70 kg).
void insole(Bytes input) {
  ByteReader in(input);
  SessionShape shape;
  shape.sampling_rate_hz = sampling_rate_from(in.byte());
  const std::uint8_t flags = in.byte();
  shape.insole_left = bit(flags, 0) || !bit(flags, 1);
  shape.insole_right = bit(flags, 1);
  shape.insole_cells = 1 + ((flags >> 2) & 7);
  shape.insole_totals = bit(flags, 5);
  shape.right_start_time_s = bit(flags, 6) ? 1.0 : 0.0;
  if (bit(flags, 7)) shape.body_mass_kg = 70.0;
  pipeline::analyze_insoles(read_session(in, shape));
}

// Byte 1: bits 0-3 foot left, foot right, shank left, shank right, bits 4-5 insole left, right
// (nothing at all: left foot), bit 6 segment frame, bit 7 right side starts 1 s later.
// Byte 2: bits 0-2 insole cells − 1, bit 3 total columns, bit 4 activity off, bit 5 assessment off,
// bit 6 body mass known (70 kg). The analysis is then written as JSON (io::to_json).
void analyze(Bytes input) {
  ByteReader in(input);
  SessionShape shape;
  shape.sampling_rate_hz = sampling_rate_from(in.byte());
  const std::uint8_t sensors = in.byte();
  const std::uint8_t options = in.byte();
  shape.foot_left = bit(sensors, 0) || (sensors & 0x3F) == 0;
  shape.foot_right = bit(sensors, 1);
  shape.shank_left = bit(sensors, 2);
  shape.shank_right = bit(sensors, 3);
  shape.insole_left = bit(sensors, 4);
  shape.insole_right = bit(sensors, 5);
  shape.imu_frame = bit(sensors, 6) ? AxesFrame::Segment : AxesFrame::Sensor;
  shape.right_start_time_s = bit(sensors, 7) ? 1.0 : 0.0;
  shape.insole_cells = 1 + (options & 7);
  shape.insole_totals = bit(options, 3);
  if (bit(options, 6)) shape.body_mass_kg = 70.0;
  Config config;
  config.activity.enabled = !bit(options, 4);
  config.assess.enabled = !bit(options, 5);
  const Analysis analysis = secondheart::analyze(read_session(in, shape), config);
  io::to_json(analysis);
}

}  // namespace secondheart::fuzz
