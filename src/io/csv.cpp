// Generic delimited-text reader (io/csv.hpp).
#include "secondheart/io/csv.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

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

}  // namespace

bool CsvTable::has_column(const std::string& name) const {
  return std::find(columns.begin(), columns.end(), name) != columns.end();
}

Index CsvTable::column_index(const std::string& name) const {
  auto it = std::find(columns.begin(), columns.end(), name);
  if (it == columns.end()) {
    std::string names;
    for (std::size_t i = 0; i < columns.size(); ++i) names += (i ? ", " : "") + columns[i];
    SECONDHEART_CHECK(false, file, ": unknown column '", name, "': expected one of ", detail::excerpt(names, 200));
  }
  return static_cast<Index>(it - columns.begin());
}

CsvTable parse_csv(std::istream& in, const std::string& file, const CsvOptions& options) {
  CsvTable table;
  table.file = file;
  std::string raw;
  std::int64_t line_no = 0;
  char delimiter = options.delimiter;
  std::vector<double> data;
  std::size_t width = 0;
  bool have_layout = false;

  while (read_line(in, raw, line_no + 1, file)) {
    ++line_no;
    if (line_no == 1) strip_utf8_bom(raw);
    if (line_no <= options.skip_lines) continue;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    const std::string stripped = trim(raw);
    if (stripped.empty()) continue;
    if (options.comment != '\0' && stripped.front() == options.comment) continue;
    if (delimiter == '\0') delimiter = detect_delimiter(stripped);
    std::vector<std::string> fields = split(delimiter == ' ' ? stripped : raw, delimiter);
    // A trailing delimiter (common in exports) leaves an empty last field: drop it if the header has none.
    if (!have_layout) {
      if (options.header) {
        while (!fields.empty() && fields.back().empty()) fields.pop_back();
        if (fields.empty()) throw FormatError(file, line_no, "empty header line");
        table.columns = fields;
        width = fields.size();
        have_layout = true;
        continue;
      }
      width = fields.size();
      for (std::size_t i = 0; i < width; ++i) table.columns.push_back(std::to_string(i));
      have_layout = true;
    }
    while (fields.size() > width && fields.back().empty()) fields.pop_back();
    if (fields.size() != width)
      throw FormatError(file, line_no,
                        "expected " + std::to_string(width) + " fields, got " + std::to_string(fields.size()));
    for (std::size_t c = 0; c < width; ++c) {
      double value = NaN;
      if (std::find(options.skip_columns.begin(), options.skip_columns.end(), static_cast<Index>(c)) !=
          options.skip_columns.end()) {
        // free text: not parsed
      } else if (is_missing(fields[c])) {
        if (!options.allow_missing)
          throw FormatError(file, line_no, "column '" + table.columns[c] + "': missing value");
      } else if (!parse_number(fields[c], value)) {
        throw FormatError(file, line_no,
                          "column '" + table.columns[c] + "': expected a number, got " + detail::excerpt(fields[c]));
      }
      data.push_back(value);
    }
    table.lines.push_back(line_no);
  }
  if (!have_layout || table.lines.empty()) throw FormatError(file, line_no, "no data rows");
  const auto rows = static_cast<Index>(table.lines.size());
  table.values.resize(rows, static_cast<Index>(width));
  for (Index r = 0; r < rows; ++r)
    for (Index c = 0; c < static_cast<Index>(width); ++c)
      table.values(r, c) = data[static_cast<std::size_t>(r) * width + static_cast<std::size_t>(c)];
  return table;
}

CsvTable read_csv_table(const std::string& path, const CsvOptions& options) {
  std::ifstream in(path);
  if (!in) throw FormatError(path, 0, "cannot open file");
  return parse_csv(in, path, options);
}

}  // namespace secondheart::io
