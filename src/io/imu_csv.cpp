// Generic column-mapped IMU CSV (io/imu_readers.hpp): the whole-file reader and the block reader,
// which share the spec checks, the grid placement, the value checks and the unit handling.
#include <utility>

#include "imu_common.hpp"
#include "secondheart/io/imu_readers.hpp"

namespace secondheart::io {
namespace {

void check_spec(const std::string& path, const ImuCsvSpec& spec) {
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
}

std::string time_what(const ImuCsvSpec& spec) { return "column '" + spec.time_column + "'"; }

/// Grid of the table's rows: by the time column (skipped samples left out of `offset`), else one
/// sample per row at the declared rate.
imu_detail::GridPlacement place_rows(const CsvTable& table, const ImuCsvSpec& spec, const std::string& path) {
  imu_detail::GridPlacement grid;
  if (!spec.time_column.empty()) {
    const Series time = table.column(spec.time_column) * spec.time_scale_to_s;
    grid = imu_detail::place_by_time(time, table.lines, path, time_what(spec));
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
  return grid;
}

/// Column indices of each sensor (acc x, y, z, gyr x, y, z); InvalidArgument listing the columns
/// when one is unknown.
template <class Table>
std::vector<imu_detail::SixColumns> sensor_columns(const Table& table, const ImuCsvSpec& spec) {
  std::vector<imu_detail::SixColumns> out;
  for (const auto& s : spec.sensors) {
    imu_detail::SixColumns cols{};
    for (std::size_t a = 0; a < 3; ++a) {
      cols[a] = table.column_index(s.acc[a]);
      cols[a + 3] = table.column_index(s.gyr[a]);
    }
    out.push_back(cols);
  }
  return out;
}

/// The session of the table's rows: value checks, declared units converted, undeclared ones checked.
Session read_table(const CsvTable& table, const ImuCsvSpec& spec, const std::string& path) {
  const std::vector<imu_detail::SixColumns> columns = sensor_columns(table, spec);
  const imu_detail::GridPlacement grid = place_rows(table, spec, path);
  const auto rows = imu_detail::all_rows(table.rows());
  Session session;
  session.name = spec.name.empty() ? imu_detail::stem(path) : spec.name;
  session.subject = spec.subject;
  for (std::size_t k = 0; k < spec.sensors.size(); ++k) {
    const auto& s = spec.sensors[k];
    ImuRecording rec = imu_detail::scatter_imu(table, columns[k], grid, rows, s.side, s.placement, spec.frame);
    try {
      validate_imu(rec, spec.units);  // converts declared units, rejects undeclared ones that look wrong
    } catch (const InvalidArgument& e) {
      throw InvalidArgument(path + ": " + e.what());
    }
    session.imus.push_back(std::move(rec));
  }
  return session;
}

}  // namespace

Session read_imu_csv(const std::string& path, const ImuCsvSpec& spec) {
  check_spec(path, spec);
  return read_table(read_csv_table(path, spec.csv), spec, path);
}

// ---------------------------------------------------------------------------------------------
// Block reader: the probe (the first rows) goes through read_table; later rows one by one.

struct ImuCsvChunkReader::State {
  State(const std::string& path_, const ImuCsvSpec& spec_) : path(path_), spec(spec_), csv(CsvRowReader::open(path_, spec_.csv)) {}

  std::string path;
  ImuCsvSpec spec;
  CsvRowReader csv;
  std::vector<imu_detail::SixColumns> columns;
  Index time_column = -1;
  Session header;           ///< recordings without samples
  Session probe;            ///< the probe's recordings (grid samples 0 .. probe_length-1)
  Index probe_length = 0;
  double period_s = 0.0;
  Index emitted = 0;        ///< grid samples returned
  Index missing = 0;        ///< grid samples left NaN for skipped ones, among those placed (the probe's at once)
  Index rows_read = 0;      ///< file rows placed on the grid
  double last_time_s = 0.0; ///< time of the last row placed (time column)
  Index last_offset = -1;   ///< grid sample of the last row placed
  // The row read but not yet returned (a gap of NaN samples comes before it).
  bool have_row = false;
  Index row_offset = 0;
  std::vector<double> row;  ///< 6 values per sensor, converted
  std::vector<double> raw;

  /// Reads and places the next file row after the probe; false at the end of the file.
  bool fetch() {
    raw.clear();
    if (!csv.next_row(raw)) return false;
    const std::int64_t line = csv.row_line();
    ++rows_read;
    if (time_column >= 0) {
      const double t = raw[static_cast<std::size_t>(time_column)] * spec.time_scale_to_s;
      imu_detail::check_time(t, last_time_s, true, path, line, time_what(spec));
      row_offset = last_offset + imu_detail::whole_periods(t - last_time_s, period_s, "sampling period", path, line,
                                                           time_what(spec));
      imu_detail::guard_length(row_offset + 1, rows_read, path, line, time_what(spec));
      last_time_s = t;
    } else {
      row_offset = last_offset + 1;
    }
    last_offset = row_offset;
    const double acc_scale = spec.units.acc == AccUnit::StandardGravity ? standard_gravity_mps2 : 1.0;
    const double gyr_scale = spec.units.gyro == GyroUnit::RadiansPerSecond ? rad_to_deg : 1.0;
    row.resize(6 * columns.size());
    for (std::size_t k = 0; k < columns.size(); ++k)
      for (std::size_t a = 0; a < 6; ++a) {
        const auto c = static_cast<std::size_t>(columns[k][a]);
        const double v = raw[c];
        imu_detail::check_imu_value(v, a < 3, path, line, csv.columns()[c]);
        row[6 * k + a] = v * (a < 3 ? acc_scale : gyr_scale);
      }
    have_row = true;
    return true;
  }
};

ImuCsvChunkReader::ImuCsvChunkReader(const std::string& path, const ImuCsvSpec& spec, Index probe_rows) {
  check_spec(path, spec);
  SECONDHEART_CHECK(probe_rows >= 2, path, ": expected probe_rows >= 2, got ", probe_rows);
  state_ = std::make_unique<State>(path, spec);
  State& st = *state_;
  // The probe: the first rows as a table, read by the whole-file reader's own steps.
  CsvTable table;
  table.file = path;
  table.columns = st.csv.columns();
  std::vector<double> data;
  while (static_cast<Index>(table.lines.size()) < probe_rows && st.csv.next_row(data))
    table.lines.push_back(st.csv.row_line());
  if (table.lines.empty()) throw FormatError(path, st.csv.lines_read(), "no data rows");
  const auto rows = static_cast<Index>(table.lines.size());
  table.values = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      data.data(), rows, static_cast<Index>(table.columns.size()));
  st.probe = read_table(table, spec, path);
  st.columns = sensor_columns(st.csv, spec);
  if (!spec.time_column.empty()) st.time_column = st.csv.column_index(spec.time_column);
  st.probe_length = st.probe.imus.front().size();
  st.missing = st.probe_length - rows;
  st.period_s = 1.0 / st.probe.imus.front().sampling_rate_hz;
  st.rows_read = rows;
  st.last_offset = st.probe_length - 1;
  if (st.time_column >= 0) st.last_time_s = table.values(rows - 1, st.time_column) * spec.time_scale_to_s;
  st.header = st.probe;
  for (auto& rec : st.header.imus) rec.acc_mps2.resize(0, 3), rec.gyr_dps.resize(0, 3);
}

ImuCsvChunkReader::ImuCsvChunkReader(ImuCsvChunkReader&&) noexcept = default;
ImuCsvChunkReader& ImuCsvChunkReader::operator=(ImuCsvChunkReader&&) noexcept = default;
ImuCsvChunkReader::~ImuCsvChunkReader() = default;

double ImuCsvChunkReader::sampling_rate_hz() const { return state_->header.imus.front().sampling_rate_hz; }
const Session& ImuCsvChunkReader::header() const { return state_->header; }
Index ImuCsvChunkReader::samples_read() const { return state_->emitted; }
Index ImuCsvChunkReader::missing_samples() const { return state_->missing; }

bool ImuCsvChunkReader::done() {
  State& st = *state_;
  return st.emitted >= st.probe_length && !st.have_row && !st.fetch();
}

ImuChunk ImuCsvChunkReader::next(Index max_rows) {
  State& st = *state_;
  SECONDHEART_CHECK(max_rows > 0, st.path, ": expected max_rows > 0, got ", max_rows);
  const std::size_t sensors = st.columns.size();
  ImuChunk out;
  out.first_sample = st.emitted;
  // Rows (6 values per sensor) of this block, then split per sensor.
  std::vector<double> block;
  Index n = 0;
  while (n < max_rows) {
    if (st.emitted < st.probe_length) {
      const Index take = std::min(max_rows - n, st.probe_length - st.emitted);
      for (Index i = 0; i < take; ++i)
        for (std::size_t k = 0; k < sensors; ++k) {
          const ImuRecording& rec = st.probe.imus[k];
          for (int a = 0; a < 3; ++a) block.push_back(rec.acc_mps2(st.emitted + i, a));
          for (int a = 0; a < 3; ++a) block.push_back(rec.gyr_dps(st.emitted + i, a));
        }
      st.emitted += take, n += take;
      if (st.emitted == st.probe_length) st.probe = Session{};  // the probe is no longer needed
      continue;
    }
    if (!st.have_row && !st.fetch()) break;
    if (st.row_offset > st.emitted) {  // a skipped sample: NaN
      block.insert(block.end(), 6 * sensors, NaN);
      ++st.missing;
    } else {
      block.insert(block.end(), st.row.begin(), st.row.end());
      st.have_row = false;
    }
    ++st.emitted, ++n;
  }
  using Rows = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::Map<const Rows> rows(block.data(), n, static_cast<Index>(6 * sensors));
  for (std::size_t k = 0; k < sensors; ++k) {
    out.acc_mps2.emplace_back(rows.middleCols(static_cast<Index>(6 * k), 3));
    out.gyr_dps.emplace_back(rows.middleCols(static_cast<Index>(6 * k + 3), 3));
  }
  return out;
}

}  // namespace secondheart::io
