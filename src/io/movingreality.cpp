// MovingReality stroke treadmill CSV (io/imu_readers.hpp).
#include "imu_common.hpp"
#include "secondheart/io/imu_readers.hpp"

namespace secondheart::io {

Session read_movingreality(const std::string& path, const SubjectInfo& subject) {
  CsvOptions csv;
  csv.delimiter = ',';
  csv.comment = '\0';
  const CsvTable table = read_csv_table(path, csv);
  if (!table.has_column("time_s")) throw FormatError(path, 1, "missing column 'time_s'");
  const imu_detail::GridPlacement grid =
      imu_detail::place_by_time(table.column("time_s"), table.lines, path, "column 'time_s'");
  const auto rows = imu_detail::all_rows(table.rows());

  Session session;
  session.name = imu_detail::stem(path);
  session.subject = subject;
  for (Placement placement : {Placement::Foot, Placement::Shank})
    for (Side side : {Side::Left, Side::Right}) {
      const std::string prefix = std::string(to_string(side)) + "_" + std::string(to_string(placement)) + "_";
      const std::array<std::string, 6> names = {prefix + "acc_x_mps2", prefix + "acc_y_mps2", prefix + "acc_z_mps2",
                                                prefix + "gyr_x_dps",  prefix + "gyr_y_dps",  prefix + "gyr_z_dps"};
      int present = 0;
      for (const auto& n : names) present += table.has_column(n) ? 1 : 0;
      if (present == 0) continue;
      imu_detail::SixColumns cols{};
      for (std::size_t a = 0; a < 6; ++a) {
        if (!table.has_column(names[a]))
          throw FormatError(path, 1, "sensor '" + prefix.substr(0, prefix.size() - 1) + "': missing column '" + names[a] + "'");
        cols[a] = table.column_index(names[a]);
      }
      ImuRecording rec = imu_detail::scatter_imu(table, cols, grid, rows, side, placement, AxesFrame::Sensor);
      imu_detail::validate_format_units(rec, {}, path);  // the converted files are m/s² and deg/s
      session.imus.push_back(std::move(rec));
    }
  if (session.imus.empty())
    throw FormatError(path, 1,
                      "expected IMU columns such as left_foot_acc_x_mps2 ... right_shank_gyr_z_dps, found none");
  return session;
}

}  // namespace secondheart::io
