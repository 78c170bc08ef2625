// MovingReality stroke treadmill CSV (io/imu_readers.hpp).
#include "imu_common.hpp"
#include "secondheart/io/imu_readers.hpp"

namespace secondheart::io {
namespace {

/// The IMU column groups present among `columns` (feet, then shanks; left, then right).
/// @throws FormatError on no group or an incomplete one.
std::vector<ImuColumns> sensor_groups(const std::vector<std::string>& columns, const std::string& path) {
  auto has = [&](const std::string& name) { return std::find(columns.begin(), columns.end(), name) != columns.end(); };
  if (!has("time_s")) throw FormatError(path, 1, "missing column 'time_s'");
  std::vector<ImuColumns> out;
  for (Placement placement : {Placement::Foot, Placement::Shank})
    for (Side side : {Side::Left, Side::Right}) {
      const std::string prefix = std::string(to_string(side)) + "_" + std::string(to_string(placement)) + "_";
      const std::array<std::string, 6> names = {prefix + "acc_x_mps2", prefix + "acc_y_mps2", prefix + "acc_z_mps2",
                                                prefix + "gyr_x_dps",  prefix + "gyr_y_dps",  prefix + "gyr_z_dps"};
      int present = 0;
      for (const auto& n : names) present += has(n) ? 1 : 0;
      if (present == 0) continue;
      for (const auto& n : names)
        if (!has(n)) throw FormatError(path, 1, "sensor '" + prefix.substr(0, prefix.size() - 1) + "': missing column '" + n + "'");
      out.push_back({side, placement, {names[0], names[1], names[2]}, {names[3], names[4], names[5]}});
    }
  if (out.empty())
    throw FormatError(path, 1,
                      "expected IMU columns such as left_foot_acc_x_mps2 ... right_shank_gyr_z_dps, found none");
  return out;
}

CsvOptions movingreality_csv() {
  CsvOptions csv;
  csv.delimiter = ',';
  csv.comment = '\0';
  return csv;
}

}  // namespace

Session read_movingreality(const std::string& path, const SubjectInfo& subject) {
  const CsvTable table = read_csv_table(path, movingreality_csv());
  const std::vector<ImuColumns> sensors = sensor_groups(table.columns, path);
  const imu_detail::GridPlacement grid =
      imu_detail::place_by_time(table.column("time_s"), table.lines, path, "column 'time_s'");
  const auto rows = imu_detail::all_rows(table.rows());

  Session session;
  session.name = imu_detail::stem(path);
  session.subject = subject;
  for (const ImuColumns& s : sensors) {
    imu_detail::SixColumns cols{};
    for (std::size_t a = 0; a < 3; ++a) cols[a] = table.column_index(s.acc[a]), cols[a + 3] = table.column_index(s.gyr[a]);
    ImuRecording rec = imu_detail::scatter_imu(table, cols, grid, rows, s.side, s.placement, AxesFrame::Sensor);
    imu_detail::validate_format_units(rec, {}, path);  // the converted files are m/s² and deg/s
    session.imus.push_back(std::move(rec));
  }
  return session;
}

ImuCsvSpec movingreality_spec(const std::string& path, const SubjectInfo& subject) {
  ImuCsvSpec spec;
  spec.csv = movingreality_csv();
  spec.time_column = "time_s";
  spec.sensors = sensor_groups(CsvRowReader::open(path, spec.csv).columns(), path);
  spec.frame = AxesFrame::Sensor;
  spec.subject = subject;
  return spec;
}

}  // namespace secondheart::io
