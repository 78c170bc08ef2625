// PhysioNet gaitpdb reader (io/insole_readers.hpp).
#include <cmath>
#include <filesystem>

#include "secondheart/core/validate.hpp"
#include "secondheart/io/insole_readers.hpp"

namespace secondheart::io {

Eigen::Matrix<double, Eigen::Dynamic, 2, Eigen::RowMajor> gaitpdb_cell_positions(Side side, double foot_length_m) {
  SECONDHEART_CHECK(std::isfinite(foot_length_m) && foot_length_m > 0.1 && foot_length_m < 0.4,
                    "foot_length_m: expected a value in (0.1, 0.4) m, got ", foot_length_m);
  // format.txt: (X, Y) of L1..L8; the right foot mirrors X. +Y points to the toes.
  static constexpr double kLeftX[8] = {-500, -700, -300, -700, -300, -700, -300, -500};
  static constexpr double kY[8] = {-800, -400, -400, 0, 0, 400, 400, 800};
  Eigen::Matrix<double, Eigen::Dynamic, 2, Eigen::RowMajor> pos(8, 2);
  const double scale = foot_length_m / 2000.0;  // 2000 units = one foot length (heel sensor at 10 %)
  for (int i = 0; i < 8; ++i) {
    pos(i, 0) = (kY[i] + 1000.0) * scale;
    // Left foot: X = −700 is lateral = left of the foot (+y). Right foot: X = +700 lateral = −y.
    const double x_db = side == Side::Left ? kLeftX[i] : -kLeftX[i];
    pos(i, 1) = side == Side::Left ? -(x_db + 500.0) * scale : -(x_db - 500.0) * scale;
  }
  return pos;
}

Session read_gaitpdb(const std::string& path, const GaitpdbOptions& options) {
  CsvOptions csv;
  csv.delimiter = '\t';
  csv.header = false;
  csv.allow_missing = false;
  const CsvTable table = read_csv_table(path, csv);
  if (table.values.cols() != 19)
    throw FormatError(path, table.lines.front(),
                      "expected 19 tab-separated columns (time, L1..L8, R1..R8, total L, total R), got " +
                          std::to_string(table.values.cols()));
  if (table.rows() < 2) throw FormatError(path, table.lines.front(), "expected at least 2 samples");
  // Time must increase row by row: name the line where it does not (repeated or out-of-order rows).
  for (Index i = 1; i < table.rows(); ++i)
    if (!(table.values(i, 0) > table.values(i - 1, 0)))
      throw FormatError(path, table.lines[static_cast<std::size_t>(i)],
                        "column 1 (time): expected increasing time, got " + std::to_string(table.values(i, 0)) +
                            " s after " + std::to_string(table.values(i - 1, 0)) + " s");
  double fs = 0;
  try {
    fs = sampling_rate_from_time(table.values.col(0));
  } catch (const InvalidArgument& e) {
    throw FormatError(path, 0, e.what());
  }
  Session session;
  session.name = std::filesystem::path(path).stem().string();
  for (Side side : {Side::Left, Side::Right}) {
    InsoleRecording rec;
    rec.side = side;
    rec.sampling_rate_hz = fs;
    rec.start_time_s = table.values(0, 0);
    rec.foot_length_m = options.foot_length_m;
    const Index first = side == Side::Left ? 1 : 9;
    rec.cell_force_n = table.values.middleCols(first, 8);
    rec.cell_position_m = gaitpdb_cell_positions(side, options.foot_length_m);
    if (options.use_total_columns) rec.total_force_n = table.values.col(side == Side::Left ? 17 : 18);
    try {
      validate_insole(rec);
    } catch (const InvalidArgument& e) {
      throw FormatError(path, 0, e.what());
    }
    session.insoles.push_back(std::move(rec));
  }
  return session;
}

}  // namespace secondheart::io
