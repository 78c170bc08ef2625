/// @file
/// CycleTable: per-cycle metrics as named columns (one row per cycle), the C++ twin of the
/// Python per-cycle DataFrame. Column names carry their unit (`toe_off_angle_deg`).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/events.hpp"
#include "secondheart/core/types.hpp"

namespace secondheart {

struct CycleTable {
  std::string source;                  ///< which sensor the cycles come from: "insole", "foot_imu", "shank_imu"
  std::vector<Cycle> cycles;           ///< row identity: side, IC, next IC, FC, HO, status
  double sampling_rate_hz = 0.0;       ///< of the indices in `cycles`
  std::vector<std::string> columns;    ///< metric names, one per column of `values`
  Eigen::MatrixXd values;              ///< (cycles, columns); NaN = not measurable in that cycle

  Index rows() const { return static_cast<Index>(cycles.size()); }

  bool has_column(const std::string& name) const {
    return std::find(columns.begin(), columns.end(), name) != columns.end();
  }
  Index column_index(const std::string& name) const {
    auto it = std::find(columns.begin(), columns.end(), name);
    SECONDHEART_CHECK(it != columns.end(), "unknown column '", name, "': expected one of ", join_columns());
    return static_cast<Index>(it - columns.begin());
  }
  Eigen::VectorXd column(const std::string& name) const { return values.col(column_index(name)); }

  /// Appends (or replaces) a column; `data` must have one value per cycle.
  void set_column(const std::string& name, const Eigen::VectorXd& data) {
    SECONDHEART_CHECK(data.size() == rows(), "column '", name, "' needs ", rows(), " values (one per cycle), got ",
                      data.size());
    if (has_column(name)) {
      values.col(column_index(name)) = data;
      return;
    }
    if (values.rows() != rows()) values.resize(rows(), 0);
    values.conservativeResize(rows(), values.cols() + 1);
    values.col(values.cols() - 1) = data;
    columns.push_back(name);
  }

  /// Appends (or replaces) several columns at once, `data` (cycles, names.size()): one resize of
  /// `values` for all the new ones (set_column reallocates the whole table for each).
  void set_columns(const std::vector<std::string>& names, const Eigen::MatrixXd& data) {
    SECONDHEART_CHECK(data.rows() == rows() && data.cols() == static_cast<Index>(names.size()), "set_columns: expected ",
                      rows(), " x ", names.size(), " values (one row per cycle, one column per name), got ",
                      data.rows(), " x ", data.cols());
    if (values.rows() != rows()) values.resize(rows(), 0);
    const Index first_new = values.cols();
    std::vector<std::string> added;  // new names, in order (a name given twice: the last data wins)
    std::vector<Index> at(names.size());
    for (std::size_t k = 0; k < names.size(); ++k) {
      if (has_column(names[k])) {
        at[k] = column_index(names[k]);
      } else {
        const auto it = std::find(added.begin(), added.end(), names[k]);
        at[k] = first_new + static_cast<Index>(it - added.begin());
        if (it == added.end()) added.push_back(names[k]);
      }
    }
    values.conservativeResize(rows(), first_new + static_cast<Index>(added.size()));
    columns.insert(columns.end(), added.begin(), added.end());
    for (std::size_t k = 0; k < names.size(); ++k) values.col(at[k]) = data.col(static_cast<Index>(k));
  }

  std::string join_columns() const {
    std::string out = "[";
    for (std::size_t i = 0; i < columns.size(); ++i) out += (i ? ", " : "") + columns[i];
    return out + "]";
  }
};

}  // namespace secondheart
