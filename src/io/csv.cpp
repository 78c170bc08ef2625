// Generic delimited-text reader (io/csv.hpp).
#include "secondheart/io/csv.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <memory>
#include <sstream>
#include <utility>

namespace secondheart::io {
namespace {

std::string trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

std::vector<std::string> split(const std::string& line, char delimiter) {
  std::vector<std::string> out;
  if (delimiter == ' ') {  // any run of blanks separates
    std::istringstream in(line);
    std::string field;
    while (in >> field) out.push_back(field);
    return out;
  }
  std::string field;
  for (char c : line) {
    if (c == delimiter) {
      out.push_back(trim(field));
      field.clear();
    } else {
      field.push_back(c);
    }
  }
  out.push_back(trim(field));
  return out;
}

char detect_delimiter(const std::string& line) {
  for (char d : {'\t', ';', ','})
    if (line.find(d) != std::string::npos) return d;
  return ' ';
}

bool parse_number(const std::string& text, double& out) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (begin != end && *begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, out);
  return ec == std::errc() && ptr == end;
}

/// Longest line a table may have: far beyond any export (a few hundred columns of numbers), and
/// short of what a binary file or a damaged one without newlines would make the reader hold.
constexpr std::size_t max_line_bytes = std::size_t{1} << 20;

/// std::getline with two limits: a NUL byte (binary or UTF-16 text) and a line over max_line_bytes
/// are FormatErrors naming the line, before the line is held in memory.
bool read_line(std::istream& in, std::string& raw, std::int64_t line_no, const std::string& file) {
  raw.clear();
  std::streambuf* buffer = in.rdbuf();
  for (;;) {
    const int c = buffer->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      return !raw.empty();
    }
    if (c == '\n') return true;
    if (c == 0)
      throw FormatError(file, line_no,
                        "a NUL byte at column " + std::to_string(raw.size() + 1) +
                            ": a binary or UTF-16 file (or a damaged one), expected text");
    raw.push_back(static_cast<char>(c));
    if (raw.size() > max_line_bytes)
      throw FormatError(file, line_no,
                        "a line longer than " + std::to_string(max_line_bytes) +
                            " bytes: expected a table of numbers (a binary or damaged file?)");
  }
}

bool is_missing(const std::string& text) {
  return text.empty() || text == "nan" || text == "NaN" || text == "NAN" || text == "NA" || text == "-nan";
}

Index find_column(const std::vector<std::string>& columns, const std::string& name, const std::string& file) {
  auto it = std::find(columns.begin(), columns.end(), name);
  if (it == columns.end()) {
    std::string names;
    for (std::size_t i = 0; i < columns.size(); ++i) names += (i ? ", " : "") + columns[i];
    SECONDHEART_CHECK(false, file, ": unknown column '", name, "': expected one of ", detail::excerpt(names, 200));
  }
  return static_cast<Index>(it - columns.begin());
}

}  // namespace

bool CsvTable::has_column(const std::string& name) const {
  return std::find(columns.begin(), columns.end(), name) != columns.end();
}

Index CsvTable::column_index(const std::string& name) const { return find_column(columns, name, file); }

CsvRowReader::CsvRowReader(std::istream& in, std::string file, CsvOptions options)
    : in_(&in), file_(std::move(file)), options_(std::move(options)), delimiter_(options_.delimiter) {
  if (!next_fields()) throw FormatError(file_, line_no_, "no data rows");
  // A trailing delimiter (common in exports) leaves an empty last field: drop it if the header has none.
  if (options_.header) {
    while (!fields_.empty() && fields_.back().empty()) fields_.pop_back();
    if (fields_.empty()) throw FormatError(file_, line_no_, "empty header line");
    columns_ = fields_;
  } else {
    for (std::size_t i = 0; i < fields_.size(); ++i) columns_.push_back(std::to_string(i));
    pending_ = true;
  }
  skip_.assign(columns_.size(), 0);
  for (Index c : options_.skip_columns)
    if (c >= 0 && static_cast<std::size_t>(c) < skip_.size()) skip_[static_cast<std::size_t>(c)] = 1;
}

CsvRowReader CsvRowReader::open(const std::string& path, CsvOptions options) {
  auto file = std::make_unique<std::ifstream>(path);
  if (!*file) throw FormatError(path, 0, "cannot open file");
  CsvRowReader reader(*file, path, std::move(options));
  reader.owned_ = std::move(file);
  return reader;
}

Index CsvRowReader::column_index(const std::string& name) const { return find_column(columns_, name, file_); }

bool CsvRowReader::next_fields() {
  while (read_line(*in_, raw_, line_no_ + 1, file_)) {
    ++line_no_;
    if (line_no_ == 1) strip_utf8_bom(raw_);
    if (line_no_ <= options_.skip_lines) continue;
    if (!raw_.empty() && raw_.back() == '\r') raw_.pop_back();
    const std::string stripped = trim(raw_);
    if (stripped.empty()) continue;
    if (options_.comment != '\0' && stripped.front() == options_.comment) continue;
    if (delimiter_ == '\0') delimiter_ = detect_delimiter(stripped);
    fields_ = split(delimiter_ == ' ' ? stripped : raw_, delimiter_);
    return true;
  }
  return false;
}

bool CsvRowReader::next_row(std::vector<double>& values) {
  if (pending_) {
    pending_ = false;
  } else if (!next_fields()) {
    return false;
  }
  const std::size_t width = columns_.size();
  while (fields_.size() > width && fields_.back().empty()) fields_.pop_back();
  if (fields_.size() != width)
    throw FormatError(file_, line_no_,
                      "expected " + std::to_string(width) + " fields, got " + std::to_string(fields_.size()));
  for (std::size_t c = 0; c < width; ++c) {
    double value = NaN;
    if (skip_[c]) {
      // free text: not parsed
    } else if (is_missing(fields_[c])) {
      if (!options_.allow_missing) throw FormatError(file_, line_no_, "column '" + columns_[c] + "': missing value");
    } else if (!parse_number(fields_[c], value)) {
      throw FormatError(file_, line_no_,
                        "column '" + columns_[c] + "': expected a number, got " + detail::excerpt(fields_[c]));
    }
    values.push_back(value);
  }
  row_line_ = line_no_;
  return true;
}

CsvTable parse_csv(std::istream& in, const std::string& file, const CsvOptions& options) {
  CsvRowReader reader(in, file, options);
  CsvTable table;
  table.file = file;
  table.columns = reader.columns();
  std::vector<double> data;
  while (reader.next_row(data)) table.lines.push_back(reader.row_line());
  if (table.lines.empty()) throw FormatError(file, reader.lines_read(), "no data rows");
  const auto rows = static_cast<Index>(table.lines.size());
  const auto width = static_cast<Index>(table.columns.size());
  // data is row-major (rows, width); values is column-major.
  table.values = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      data.data(), rows, width);
  return table;
}

CsvTable read_csv_table(const std::string& path, const CsvOptions& options) {
  std::ifstream in(path);
  if (!in) throw FormatError(path, 0, "cannot open file");
  return parse_csv(in, path, options);
}

}  // namespace secondheart::io
