// Private helpers shared by the IMU readers (src/io/{gaitmap_csv,voisard,movingreality,imu_csv}.cpp):
// placing rows on a uniform sample grid (skipped samples stay NaN), value checks with file and line,
// and unit validation with the file name in the message. Not installed.
#pragma once

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/recording.hpp"
#include "secondheart/core/validate.hpp"
#include "secondheart/io/csv.hpp"

namespace secondheart::io::imu_detail {

/// Largest raw magnitude accepted in a cell: far beyond any IMU range in m/s² or g (acc) and
/// deg/s or rad/s (gyro); larger values are corrupt, not a unit question.
inline constexpr double max_abs_acc = 1.0e4;
inline constexpr double max_abs_gyr = 1.0e5;

/// A grid longer than this many times the row count (plus a margin) means a corrupt time axis.
inline constexpr Index max_grid_per_row = 20;

/// Where each row of a table lands on a uniform grid of `length` samples at `sampling_rate_hz`.
struct GridPlacement {
  double sampling_rate_hz = 0.0;
  double start_s = 0.0;           ///< time of grid sample 0
  std::vector<Index> offset;      ///< grid sample of each row (strictly increasing)
  Index length = 0;               ///< grid samples (last offset + 1)
  Index missing() const { return length - static_cast<Index>(offset.size()); }
};

inline std::string stem(const std::string& path) { return std::filesystem::path(path).stem().string(); }

/// Snaps a rate estimated from a time column to 0.1 Hz when it is that close (100.000000001 -> 100).
inline double tidy_rate(double fs) {
  const double snapped = std::round(fs * 10.0) / 10.0;
  return std::abs(fs - snapped) <= 1e-7 * fs ? snapped : fs;
}

inline void guard_length(Index length, Index rows, const std::string& file, std::int64_t line, const std::string& what) {
  if (length > max_grid_per_row * rows + 1000)
    throw FormatError(file, line,
                      what + ": the samples span " + std::to_string(length) + " grid steps for " +
                          std::to_string(rows) + " rows: a corrupt or wrongly scaled time axis");
}

/// A time read from a file: finite, and after `previous` when `has_previous`.
/// @throws FormatError naming the line otherwise.
inline void check_time(double t, double previous, bool has_previous, const std::string& file, std::int64_t line,
                       const std::string& what) {
  if (!std::isfinite(t)) throw FormatError(file, line, what + ": expected a finite time, got " + std::to_string(t));
  if (has_previous && !(t - previous > 0))
    throw FormatError(file, line,
                      what + ": expected increasing time, got " + std::to_string(t) + " after " + std::to_string(previous));
}

/// The number of sampling periods a time step spans: 1, or more across dropped samples. A step
/// between two slots (e.g. 1.5 periods) is irregular sampling, not a gap: a FormatError naming the line.
inline Index whole_periods(double step_s, double period_s, const char* period_name, const std::string& file,
                           std::int64_t line, const std::string& what) {
  const double ratio = step_s / period_s;
  const double k = std::max(1.0, std::round(std::min(ratio, 1e15)));
  if (std::abs(ratio - k) > 0.3)
    throw FormatError(file, line,
                      what + ": a step of " + std::to_string(step_s) + " s is not a whole number of sampling periods (" +
                          period_name + " " + std::to_string(period_s) +
                          " s): irregular sampling, off the uniform grid (resample before reading)");
  return static_cast<Index>(k);
}

/// Places rows with times `time_s` (strictly increasing, roughly uniform) on a uniform grid.
/// Each step is rounded to a whole number of median steps (so a step of 2 leaves one NaN sample);
/// the rate is then the mean over the grid, and every row must sit within half a step of its slot.
/// @throws FormatError naming the row's line on NaN, non-increasing or irregular time.
inline GridPlacement place_by_time(const Series& time_s, const std::vector<std::int64_t>& lines, const std::string& file,
                                   const std::string& what) {
  const Index rows = time_s.size();
  if (rows < 2) throw FormatError(file, lines.empty() ? 0 : lines.front(), what + ": expected at least 2 rows, got " +
                                                                                 std::to_string(rows));
  std::vector<double> steps;
  steps.reserve(static_cast<std::size_t>(rows - 1));
  for (Index i = 0; i < rows; ++i) {
    check_time(time_s[i], i > 0 ? time_s[i - 1] : NaN, i > 0, file, lines[static_cast<std::size_t>(i)], what);
    if (i > 0) steps.push_back(time_s[i] - time_s[i - 1]);
  }
  std::vector<double> sorted = steps;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2), sorted.end());
  const double median_step = sorted[sorted.size() / 2];
  GridPlacement out;
  out.offset.resize(static_cast<std::size_t>(rows));
  out.offset[0] = 0;
  for (Index i = 1; i < rows; ++i) {
    const Index step = whole_periods(steps[static_cast<std::size_t>(i - 1)], median_step, "median step", file,
                                     lines[static_cast<std::size_t>(i)], what);
    out.offset[static_cast<std::size_t>(i)] = out.offset[static_cast<std::size_t>(i - 1)] + step;
    guard_length(out.offset[static_cast<std::size_t>(i)] + 1, rows, file, lines[static_cast<std::size_t>(i)], what);
  }
  out.length = out.offset.back() + 1;
  const double step = (time_s[rows - 1] - time_s[0]) / static_cast<double>(out.length - 1);
  for (Index i = 0; i < rows; ++i) {
    const double residual = (time_s[i] - time_s[0]) - step * static_cast<double>(out.offset[static_cast<std::size_t>(i)]);
    if (std::abs(residual) > 0.5 * step)
      throw FormatError(file, lines[static_cast<std::size_t>(i)],
                        what + ": time " + std::to_string(time_s[i]) + " is " + std::to_string(residual) +
                            " s off the uniform grid of step " + std::to_string(step) +
                            " s: irregular sampling (resample before reading)");
  }
  out.sampling_rate_hz = tidy_rate(1.0 / step);
  out.start_s = time_s[0];
  return out;
}

/// Rows indexed by whole sample numbers (gaitmap index column, packet counters already unwrapped).
/// @throws FormatError naming the row's line on a non-integer, NaN or non-increasing index.
inline GridPlacement place_by_index(const Series& index, const std::vector<std::int64_t>& lines, const std::string& file,
                                    const std::string& what, double sampling_rate_hz) {
  const Index rows = index.size();
  GridPlacement out;
  out.sampling_rate_hz = sampling_rate_hz;
  out.offset.resize(static_cast<std::size_t>(rows));
  for (Index i = 0; i < rows; ++i) {
    const auto line = lines[static_cast<std::size_t>(i)];
    const double v = index[i];
    if (!std::isfinite(v) || std::abs(v) > 1e15 || v != std::round(v))
      throw FormatError(file, line, what + ": expected a whole sample number, got " + std::to_string(v));
    const Index k = static_cast<Index>(v) - static_cast<Index>(index[0]);
    if (i > 0 && k <= out.offset[static_cast<std::size_t>(i - 1)])
      throw FormatError(file, line,
                        what + ": expected increasing sample numbers, got " + std::to_string(static_cast<Index>(v)) +
                            " after " + std::to_string(static_cast<Index>(index[i - 1])));
    out.offset[static_cast<std::size_t>(i)] = k;
    guard_length(k + 1, rows, file, line, what);
  }
  out.length = rows > 0 ? out.offset.back() + 1 : 0;
  out.start_s = rows > 0 ? index[0] / sampling_rate_hz : 0.0;
  return out;
}

/// Column indices of one IMU in a table: acc x, y, z then gyr x, y, z.
using SixColumns = std::array<Index, 6>;

/// A raw IMU cell: NaN (a gap) or finite and within range.
/// @throws FormatError naming the line and column of an infinite or implausibly large value.
inline void check_imu_value(double v, bool acc, const std::string& file, std::int64_t line, const std::string& column) {
  const double limit = acc ? max_abs_acc : max_abs_gyr;
  if (std::isinf(v) || std::abs(v) > limit)
    throw FormatError(file, line,
                      "column '" + column + "': expected a finite " + (acc ? "acceleration" : "angular velocity") +
                          " below " + std::to_string(limit) + " in magnitude, got " + std::to_string(v));
}

/// Builds a recording on `grid` from the table columns; rows not on the grid stay NaN.
/// @throws FormatError naming the line of an infinite or implausibly large value.
inline ImuRecording scatter_imu(const CsvTable& table, const SixColumns& cols, const GridPlacement& grid,
                                const std::vector<std::size_t>& rows, Side side, Placement placement, AxesFrame frame) {
  ImuRecording rec;
  rec.side = side;
  rec.placement = placement;
  rec.frame = frame;
  rec.sampling_rate_hz = grid.sampling_rate_hz;
  rec.start_time_s = grid.start_s;
  rec.acc_mps2.setConstant(grid.length, 3, NaN);
  rec.gyr_dps.setConstant(grid.length, 3, NaN);
  for (std::size_t j = 0; j < rows.size(); ++j) {
    const auto r = static_cast<Index>(rows[j]);
    const Index k = grid.offset[j];
    for (int a = 0; a < 6; ++a) {
      const double v = table.values(r, cols[static_cast<std::size_t>(a)]);
      check_imu_value(v, a < 3, table.file, table.lines[rows[j]],
                      table.columns[static_cast<std::size_t>(cols[static_cast<std::size_t>(a)])]);
      if (a < 3)
        rec.acc_mps2(k, a) = v;
      else
        rec.gyr_dps(k, a - 3) = v;
    }
  }
  return rec;
}

/// Every row index 0..n-1 (the usual case: each table row is one sample).
inline std::vector<std::size_t> all_rows(Index n) {
  std::vector<std::size_t> rows(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
  return rows;
}

/// Unit check of a recording whose units the file format fixes: a contradiction is a FormatError
/// (the file is not what its format says), with the file name.
inline void validate_format_units(ImuRecording& rec, const DeclaredUnits& units, const std::string& file) {
  try {
    validate_imu(rec, units);
  } catch (const InvalidArgument& e) {
    throw FormatError(file, 0, e.what());
  }
}

/// Splits a header line on `delimiter` and trims blanks (header rows only; data goes through parse_csv).
inline std::vector<std::string> split_header(std::string line, char delimiter) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> out;
  std::string field;
  auto flush = [&] {
    std::size_t b = 0, e = field.size();
    while (b < e && std::isspace(static_cast<unsigned char>(field[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(field[e - 1]))) --e;
    out.push_back(field.substr(b, e - b));
    field.clear();
  };
  for (char c : line) {
    if (c == delimiter)
      flush();
    else
      field.push_back(c);
  }
  flush();
  return out;
}

}  // namespace secondheart::io::imu_detail
