// Peak memory of a long file, file on disk -> summary (issue 17, item 2; docs/long_files.md).
// One process per measurement, so VmHWM (peak resident set, /proc/self/status) is that path's alone:
//
//   long_file_rss write FILE [HOURS] [RATE_HZ]  a synthetic day (synth::typical_day, two foot IMUs) as a
//                                               MovingReality-style CSV (time_s, left_foot_acc_x_mps2, ...)
//   long_file_rss stream FILE [BLOCK_ROWS]      read in blocks, one FootImuStream per foot (constant memory)
//   long_file_rss whole FILE                    read_movingreality + analyze(): the whole-file path
//
// benchmarks/bench_long_file.sh runs the three. Not a google-benchmark binary: it is run by hand.
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "secondheart/io/imu_csv_stream.hpp"
#include "secondheart/io/imu_readers.hpp"
#include "secondheart/pipeline/analyze.hpp"
#include "secondheart/synth/day.hpp"

namespace {
using namespace secondheart;

/// Peak resident set size of this process (kB), from /proc/self/status.
long peak_rss_kb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

/// Bytes a cycle table holds: its values and its Cycle records.
double table_mb(const CycleTable& t) {
  return (static_cast<double>(t.values.size()) * sizeof(double) + static_cast<double>(t.cycles.size()) * sizeof(Cycle)) / 1e6;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int write_day(const std::string& path, double hours, double rate_hz) {
  synth::DayParams p = synth::typical_day(1, hours);
  p.walker.sampling_rate_hz = rate_hz;
  p.shank_imus = p.insoles = false;
  const synth::DayResult day = synth::day(p);
  const ImuRecording* left = day.session.imu(Placement::Foot, Side::Left);
  const ImuRecording* right = day.session.imu(Placement::Foot, Side::Right);
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (!out || !left || !right) return 1;
  std::fputs("time_s", out);
  for (const char* side : {"left", "right"})
    for (const char* axis : {"acc_x_mps2", "acc_y_mps2", "acc_z_mps2", "gyr_x_dps", "gyr_y_dps", "gyr_z_dps"})
      std::fprintf(out, ",%s_foot_%s", side, axis);
  std::fputc('\n', out);
  std::string line;
  char buf[64];
  auto put = [&](double v, int decimals) {
    line += ',';
    if (std::isnan(v)) {
      line += "nan";
      return;
    }
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
    line.append(buf, r.ptr);
  };
  for (Index i = 0; i < left->size(); ++i) {
    line.clear();
    const auto r = std::to_chars(buf, buf + sizeof buf, static_cast<double>(i) / rate_hz, std::chars_format::fixed, 4);
    line.append(buf, r.ptr);
    for (const ImuRecording* rec : {left, right}) {
      for (int a = 0; a < 3; ++a) put(rec->acc_mps2(i, a), 5);
      for (int a = 0; a < 3; ++a) put(rec->gyr_dps(i, a), 4);
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), out);
  }
  std::fclose(out);
  std::printf("wrote %s: %lld samples per foot (%.2f h at %g Hz)\n", path.c_str(), static_cast<long long>(left->size()),
              static_cast<double>(left->size()) / rate_hz / 3600.0, rate_hz);
  return 0;
}

int stream_file(const std::string& path, Index block_rows) {
  const auto t0 = std::chrono::steady_clock::now();
  io::ImuCsvStreamOptions options;
  options.block_rows = block_rows;
  const io::StreamedImuFile r = io::analyze_imu_csv_streaming(path, io::movingreality_spec(path), options);
  const double s = seconds_since(t0);
  std::printf("stream: %lld samples per foot (%lld missing), %lld strides, %zu summary rows, tables %.1f MB, "
              "%.1f s, peak RSS %.1f MB\n",
              static_cast<long long>(r.samples), static_cast<long long>(r.missing_samples),
              static_cast<long long>(r.cycles.rows()), r.summary.size(), table_mb(r.cycles), s,
              static_cast<double>(peak_rss_kb()) / 1e3);
  return 0;
}

int whole_file(const std::string& path) {
  const auto t0 = std::chrono::steady_clock::now();
  const Session session = io::read_movingreality(path);
  const double read_s = seconds_since(t0);
  const long read_kb = peak_rss_kb();
  const Analysis a = analyze(session);
  Index strides = 0;
  double mb = 0.0;
  for (const auto& result : a.results) strides += result.cycles.rows(), mb += table_mb(result.cycles);
  std::printf("whole: %lld samples per foot, %lld strides, tables %.1f MB, read %.1f s (peak RSS %.1f MB), "
              "total %.1f s, peak RSS %.1f MB\n",
              static_cast<long long>(session.imus.front().size()), static_cast<long long>(strides), mb, read_s,
              static_cast<double>(read_kb) / 1e3, seconds_since(t0), static_cast<double>(peak_rss_kb()) / 1e3);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  try {
    if (mode == "write" && argc >= 3)
      return write_day(argv[2], argc > 3 ? std::stod(argv[3]) : 24.0, argc > 4 ? std::stod(argv[4]) : 100.0);
    if (mode == "stream" && argc >= 3) return stream_file(argv[2], argc > 3 ? std::stoll(argv[3]) : 4096);
    if (mode == "whole" && argc >= 3) return whole_file(argv[2]);
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  std::cerr << "usage: long_file_rss write FILE [HOURS] [RATE_HZ] | stream FILE [BLOCK_ROWS] | whole FILE\n";
  return 2;
}
