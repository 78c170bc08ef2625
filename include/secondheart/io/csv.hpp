/// @file
/// Generic delimited-text reader: a numeric table with named columns. Sensor readers (insoles,
/// IMUs) build on it with a column map and declared units. Implemented in src/io/csv.cpp.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/types.hpp"

namespace secondheart::io {

/// How to split a text file into a table.
struct CsvOptions {
  /// Field separator; '\0' = detect from the header line (tab, ';', ',' in that order, else whitespace).
  char delimiter = '\0';
  /// Lines starting with this character (after leading blanks) are skipped; '\0' = none.
  char comment = '#';
  /// First non-comment line holds column names; otherwise columns are named "0", "1", ...
  bool header = true;
  /// Lines to skip before anything else (vendor preambles without a comment marker).
  std::int64_t skip_lines = 0;
  /// Empty fields and "nan"/"NaN"/"NA" become NaN (a gap); otherwise they are a FormatError.
  bool allow_missing = true;
  /// 0-based columns that are not parsed (free text such as event labels); they read as NaN.
  std::vector<Index> skip_columns;
};

/// A numeric table read from text. `values` is (rows, columns); NaN = missing field.
struct CsvTable {
  std::string file;                  ///< name used in error messages
  std::vector<std::string> columns;  ///< names, stripped of blanks
  Eigen::MatrixXd values;            ///< (rows, columns)
  std::vector<std::int64_t> lines;   ///< 1-based file line of each row (for error messages)

  Index rows() const { return values.rows(); }
  bool has_column(const std::string& name) const;
  /// Index of `name`; throws InvalidArgument listing the available columns.
  Index column_index(const std::string& name) const;
  Eigen::VectorXd column(const std::string& name) const { return values.col(column_index(name)); }
};

/// Parses `in` (named `file` in errors).
/// @throws FormatError with file and line on ragged rows, non-numeric fields, or no data rows.
CsvTable parse_csv(std::istream& in, const std::string& file, const CsvOptions& options = {});

/// Removes a UTF-8 byte-order mark (EF BB BF), which Windows tools write at the start of a text
/// file, from the start of `first_line`. The readers call it on a file's first line.
inline void strip_utf8_bom(std::string& first_line) {
  if (first_line.rfind("\xEF\xBB\xBF", 0) == 0) first_line.erase(0, 3);
}

/// Reads the file at `path`.
/// @throws FormatError when it cannot be opened or parsed (file and line in the message).
CsvTable read_csv_table(const std::string& path, const CsvOptions& options = {});

}  // namespace secondheart::io
