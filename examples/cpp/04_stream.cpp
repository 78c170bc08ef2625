// Example 04: streaming, the app developer's starting point. Reads a CSV of two foot IMUs in chunks of
// half a second (as samples would arrive from a sensor), pushes them into one FootImuStream per foot
// and prints each stride as soon as it is final; close() flushes the rest at the end.
//   04_stream [file.csv]   columns: time_s, {left,right}_foot_{acc,gyr}_{x,y,z}_{mps2,dps}
// Without an argument it reads the bundled MovingReality excerpt (45 s, 100 Hz, MIT licence).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <secondheart/secondheart.hpp>

#ifndef SECONDHEART_EXAMPLE_STREAM_CSV
#define SECONDHEART_EXAMPLE_STREAM_CSV "movingreality_pp07_1Reg_first45s.csv"
#endif

namespace {

using namespace secondheart;

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  for (std::string cell; std::getline(ss, cell, ',');) out.push_back(cell);
  return out;
}

void print(const stream::StreamUpdate& update, double now_s, const char* when) {
  const CycleTable& t = update.strides;
  const double fs = t.sampling_rate_hz;
  for (Index r = 0; r < t.rows(); ++r) {
    const Cycle& c = t.cycles[static_cast<std::size_t>(r)];
    std::printf("%s %6.2f s: %-5s stride %6.2f -> %6.2f s  length %5.2f m  speed %4.2f m/s  %s%s\n", when, now_s,
                c.side == Side::Left ? "left" : "right", static_cast<double>(c.ic) / fs,
                static_cast<double>(c.next_ic) / fs, t.values(r, t.column_index("stride_length_m")),
                t.values(r, t.column_index("gait_speed_mps")), std::string(to_string(c.status)).c_str(),
                update.stride_warming_up[static_cast<std::size_t>(r)] ? " (warming up)" : "");
  }
  for (const auto& f : update.flags) std::printf("%s %6.2f s: flag %s: %s\n", when, now_s, f.code.c_str(), f.message.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : SECONDHEART_EXAMPLE_STREAM_CSV;
  std::ifstream in(path);
  if (!in) {
    std::cerr << "cannot open " << path << "\n";
    return 1;
  }
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = split(line);
  auto column = [&](const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) {
      std::cerr << path << ": no column " << name << "\n";
      std::exit(1);
    }
    return static_cast<std::size_t>(it - header.begin());
  };
  const std::size_t time_col = column("time_s");
  std::vector<std::size_t> cols[2];
  for (int s = 0; s < 2; ++s)
    for (const char* kind : {"acc", "gyr"})
      for (const char* axis : {"x", "y", "z"})
        cols[s].push_back(column(std::string(s == 0 ? "left" : "right") + "_foot_" + kind + "_" + axis +
                                 (std::string(kind) == "acc" ? "_mps2" : "_dps")));

  // The rate from the first two rows (a sensor would say it).
  std::vector<std::vector<double>> first;
  for (int k = 0; k < 2 && std::getline(in, line); ++k) {
    std::vector<double> row;
    for (const auto& cell : split(line)) row.push_back(std::stod(cell));
    first.push_back(row);
  }
  if (first.size() < 2) {
    std::cerr << path << ": fewer than two rows\n";
    return 1;
  }
  const double fs = 1.0 / (first[1][time_col] - first[0][time_col]);
  std::printf("%s: %.0f Hz, two foot IMUs, pushed in chunks of 0.5 s\n", path.c_str(), fs);

  stream::FootImuStream feet[2] = {stream::FootImuStream(fs, Side::Left), stream::FootImuStream(fs, Side::Right)};
  const Index chunk = std::max<Index>(1, static_cast<Index>(0.5 * fs));
  Vec3Series acc[2], gyr[2];
  Index filled = 0, live = 0, flushed = 0;
  double now_s = 0.0;
  auto push = [&] {
    for (int s = 0; s < 2; ++s) {
      const stream::StreamUpdate u = feet[s].push(acc[s].topRows(filled), gyr[s].topRows(filled));
      live += u.strides.rows();
      print(u, now_s, "live ");
    }
    filled = 0;
  };
  for (int s = 0; s < 2; ++s) acc[s].resize(chunk, 3), gyr[s].resize(chunk, 3);
  auto take = [&](const std::vector<double>& row) {
    now_s = row[time_col] - first[0][time_col];
    for (int s = 0; s < 2; ++s)
      for (int k = 0; k < 3; ++k) acc[s](filled, k) = row[cols[s][k]], gyr[s](filled, k) = row[cols[s][3 + k]];
    if (++filled == chunk) push();
  };
  for (const auto& row : first) take(row);
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<double> row;
    for (const auto& cell : split(line)) row.push_back(cell.empty() ? NAN : std::stod(cell));
    take(row);
  }
  if (filled > 0) push();
  for (auto& f : feet) {
    const stream::StreamUpdate u = f.close();
    flushed += u.strides.rows();
    print(u, now_s, "close");
  }
  std::printf("%lld strides emitted live, %lld at close\n", static_cast<long long>(live), static_cast<long long>(flushed));
  return 0;
}
