// A long IMU CSV analysed in constant memory (io/imu_csv_stream.hpp).
#include "secondheart/io/imu_csv_stream.hpp"

#include <algorithm>
#include <memory>
#include <numeric>

#include "secondheart/stream/foot_imu_stream.hpp"

namespace secondheart::io {
namespace {

/// Strides gathered across updates: rows appended to a row-major buffer (amortised growth), so a day
/// of strides costs one copy into the final table rather than one per update.
struct StrideRows {
  std::vector<std::string> columns;
  std::string source;
  double sampling_rate_hz = 0.0;
  std::vector<double> values;  ///< row-major (rows, columns)
  std::vector<Cycle> cycles;
  std::vector<bool> warming_up;
  QualityFlags flags;

  void add(const stream::StreamUpdate& update) {
    for (const auto& f : update.flags) flags.push_back(f);
    const CycleTable& t = update.strides;
    if (t.rows() == 0) return;
    if (cycles.empty() && columns.empty()) {
      columns = t.columns, source = t.source, sampling_rate_hz = t.sampling_rate_hz;
    }
    SECONDHEART_CHECK(t.columns == columns, "analyze_imu_csv_streaming: expected the columns ", detail::excerpt(t.join_columns(), 200),
                      " in every update");
    for (Index r = 0; r < t.rows(); ++r) {
      for (Index c = 0; c < t.values.cols(); ++c) values.push_back(t.values(r, c));
      cycles.push_back(t.cycles[static_cast<std::size_t>(r)]);
      warming_up.push_back(static_cast<std::size_t>(r) < update.stride_warming_up.size() &&
                           update.stride_warming_up[static_cast<std::size_t>(r)]);
    }
  }
};

}  // namespace

StreamedImuFile analyze_imu_csv_streaming(const std::string& path, const ImuCsvSpec& spec,
                                          const ImuCsvStreamOptions& options) {
  SECONDHEART_CHECK(options.block_rows > 0, path, ": expected block_rows > 0, got ", options.block_rows);
  ImuCsvChunkReader reader(path, spec, options.probe_rows);
  StreamedImuFile out;
  out.header = reader.header();
  std::vector<std::size_t> feet;  // sensors streamed
  std::vector<std::unique_ptr<stream::FootImuStream>> streams;
  for (std::size_t k = 0; k < out.header.imus.size(); ++k) {
    const ImuRecording& rec = out.header.imus[k];
    if (rec.placement != Placement::Foot) {
      out.flags.push_back({"shank_not_streamed", rec.side,
                           "the " + std::string(to_string(rec.side)) +
                               " shank IMU is not analysed by the streaming path (foot IMUs only)",
                           FlagSeverity::Info});
      continue;
    }
    feet.push_back(k);
    streams.push_back(std::make_unique<stream::FootImuStream>(rec.sampling_rate_hz, rec.side, options.foot,
                                                              options.stream, rec.frame));
  }
  SECONDHEART_CHECK(!feet.empty(), path, ": expected at least one foot IMU to stream, got none");

  StrideRows rows;
  for (;;) {
    const ImuChunk chunk = reader.next(options.block_rows);
    if (chunk.rows() == 0) break;
    for (std::size_t i = 0; i < feet.size(); ++i)
      rows.add(streams[i]->push(chunk.acc_mps2[feet[i]], chunk.gyr_dps[feet[i]]));
  }
  for (auto& s : streams) rows.add(s->close());
  out.samples = reader.samples_read();
  out.missing_samples = reader.missing_samples();

  // The table, ordered by side then IC.
  const auto n = static_cast<Index>(rows.cycles.size());
  const auto width = static_cast<Index>(rows.columns.size());
  std::vector<std::size_t> order(rows.cycles.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Cycle &x = rows.cycles[a], &y = rows.cycles[b];
    return x.side != y.side ? x.side < y.side : x.ic < y.ic;
  });
  CycleTable& table = out.cycles;
  table.source = rows.source.empty() ? "foot_imu" : rows.source;
  table.sampling_rate_hz = rows.sampling_rate_hz > 0 ? rows.sampling_rate_hz : reader.sampling_rate_hz();
  table.columns = rows.columns;
  table.values.resize(n, width);
  table.cycles.reserve(order.size());
  for (Index r = 0; r < n; ++r) {
    const std::size_t from = order[static_cast<std::size_t>(r)];
    for (Index c = 0; c < width; ++c) table.values(r, c) = rows.values[from * static_cast<std::size_t>(width) + static_cast<std::size_t>(c)];
    table.cycles.push_back(rows.cycles[from]);
    out.warming_up.push_back(rows.warming_up[from]);
  }
  out.summary = metrics::summarize(table);
  for (auto& f : rows.flags) out.flags.push_back(std::move(f));
  return out;
}

}  // namespace secondheart::io
