// Generic column-mapped IMU CSV (io/imu_readers.hpp).
#include "imu_common.hpp"
#include "secondheart/io/imu_readers.hpp"

namespace secondheart::io {

Session read_imu_csv(const std::string& path, const ImuCsvSpec& spec) {
  SECONDHEART_CHECK(!spec.sensors.empty(), path, ": expected a column map for at least one IMU, got none");
  SECONDHEART_CHECK(!spec.time_column.empty() || (std::isfinite(spec.sampling_rate_hz) && spec.sampling_rate_hz > 0),
                    path, ": expected a time column or sampling_rate_hz > 0, got neither");
  SECONDHEART_CHECK(std::isfinite(spec.time_scale_to_s) && spec.time_scale_to_s > 0, path,
                    ": time_scale_to_s: expected > 0, got ", spec.time_scale_to_s);
  for (std::size_t i = 0; i < spec.sensors.size(); ++i)
    for (std::size_t j = i + 1; j < spec.sensors.size(); ++j)
      SECONDHEART_CHECK(spec.sensors[i].side != spec.sensors[j].side || spec.sensors[i].placement != spec.sensors[j].placement,
                        path, ": expected one IMU per side and placement, got two on the ", to_string(spec.sensors[i].side),
                        " ", to_string(spec.sensors[i].placement));
  const CsvTable table = read_csv_table(path, spec.csv);

  imu_detail::GridPlacement grid;
  if (!spec.time_column.empty()) {
    const Series time = table.column(spec.time_column) * spec.time_scale_to_s;
    grid = imu_detail::place_by_time(time, table.lines, path, "column '" + spec.time_column + "'");
    if (spec.sampling_rate_hz > 0 && std::abs(grid.sampling_rate_hz - spec.sampling_rate_hz) > 0.01 * spec.sampling_rate_hz)
      throw FormatError(path, table.lines.front(),
                        "column '" + spec.time_column + "' gives " + std::to_string(grid.sampling_rate_hz) + " Hz, but " +
                            std::to_string(spec.sampling_rate_hz) + " Hz was declared");
  } else {
    grid.sampling_rate_hz = spec.sampling_rate_hz;
    grid.length = table.rows();
    grid.offset.resize(static_cast<std::size_t>(table.rows()));
    for (Index i = 0; i < table.rows(); ++i) grid.offset[static_cast<std::size_t>(i)] = i;
  }
  const auto rows = imu_detail::all_rows(table.rows());

  Session session;
  session.name = spec.name.empty() ? imu_detail::stem(path) : spec.name;
  session.subject = spec.subject;
  for (const auto& s : spec.sensors) {
    imu_detail::SixColumns cols{};
    for (std::size_t a = 0; a < 3; ++a) {
      cols[a] = table.column_index(s.acc[a]);  // InvalidArgument listing the columns when unknown
      cols[a + 3] = table.column_index(s.gyr[a]);
    }
    ImuRecording rec = imu_detail::scatter_imu(table, cols, grid, rows, s.side, s.placement, spec.frame);
    try {
      validate_imu(rec, spec.units);  // converts declared units, rejects undeclared ones that look wrong
    } catch (const InvalidArgument& e) {
      throw InvalidArgument(path + ": " + e.what());
    }
    session.imus.push_back(std::move(rec));
  }
  return session;
}

}  // namespace secondheart::io
