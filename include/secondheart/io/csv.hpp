/// @file
/// Generic delimited-text reader: a numeric table with named columns. Sensor readers (insoles,
/// IMUs) build on it with a column map and declared units. Implemented in src/io/csv.cpp.
#pragma once

#include <cstdint>
#include <istream>
#include <memory>
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

/// Reads a delimited-text table one row at a time, with the rules of parse_csv (which is built on
/// it): for files too long to hold. Construction reads up to the header (or, without a header, the
/// first data row, kept for next_row()).
class CsvRowReader {
 public:
  /// Reads from `in`, which must outlive the reader; `file` names it in errors.
  /// @throws FormatError when the text has no header (or no data row without a header).
  CsvRowReader(std::istream& in, std::string file, CsvOptions options = {});
  /// Opens and reads the file at `path`. @throws FormatError when it cannot be opened (or as above).
  static CsvRowReader open(const std::string& path, CsvOptions options = {});

  const std::string& file() const { return file_; }
  const std::vector<std::string>& columns() const { return columns_; }
  /// Index of `name`; throws InvalidArgument listing the available columns.
  Index column_index(const std::string& name) const;
  /// Appends the next data row (one value per column, NaN = missing or skipped) to `values` and
  /// returns true; returns false at the end of the text.
  /// @throws FormatError (file, line) on a ragged row or a non-numeric field.
  bool next_row(std::vector<double>& values);
  /// 1-based file line of the row last returned by next_row() (0 before the first).
  std::int64_t row_line() const { return row_line_; }
  /// Lines read so far (the line an error at the end of the text refers to).
  std::int64_t lines_read() const { return line_no_; }

 private:
  /// Reads the next non-blank, non-comment line into fields_; false at the end.
  bool next_fields();

  std::unique_ptr<std::istream> owned_;  ///< the file when opened by path
  std::istream* in_ = nullptr;
  std::string file_;
  CsvOptions options_;
  char delimiter_ = '\0';
  std::vector<std::string> columns_;
  std::vector<char> skip_;  ///< per column: not parsed
  std::string raw_;
  std::vector<std::string> fields_;
  bool pending_ = false;  ///< fields_ holds the first data row (a file without a header)
  std::int64_t line_no_ = 0;
  std::int64_t row_line_ = 0;
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
