/// @file
/// Error types. Bad arguments throw InvalidArgument (Python: InvalidArgumentError, a ValueError);
/// malformed files throw FormatError carrying file and line. Data-quality problems never throw:
/// they become QualityFlag entries (core/quality.hpp) and NaN metrics.
#pragma once

#include <cstdint>
#include <cstddef>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace secondheart {

namespace detail {
/// `text` as one line of valid UTF-8: a byte that is not part of a well-formed UTF-8 sequence, and
/// every control character (newline, NUL, ...), becomes `\xNN` (tab: `\t`). Messages quote what a
/// corrupt file holds; this keeps them readable, one line, and decodable anywhere (a Python str).
inline std::string printable(std::string_view text) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  const auto escape = [&](unsigned char c) {
    out += "\\x";
    out += digits[c >> 4];
    out += digits[c & 15];
  };
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = byte(i);
    if (c < 0x80) {
      if (c == '\t')
        out += "\\t";
      else if (c < 0x20 || c == 0x7f)
        escape(c);
      else
        out += static_cast<char>(c);
      ++i;
      continue;
    }
    // Length and the allowed range of the second byte (no overlong forms, no surrogates, <= U+10FFFF).
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
      length = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      length = 3;
      if (c == 0xe0) low = 0xa0;
      if (c == 0xed) high = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      length = 4;
      if (c == 0xf0) low = 0x90;
      if (c == 0xf4) high = 0x8f;
    }
    bool valid = length > 0 && i + length <= text.size() && byte(i + 1) >= low && byte(i + 1) <= high;
    for (std::size_t k = 2; valid && k < length; ++k) valid = (byte(i + k) & 0xc0) == 0x80;
    if (valid) {
      out.append(text.substr(i, length));
      i += length;
    } else {
      escape(c);
      ++i;
    }
  }
  return out;
}

/// What a file held, quoted for a message: printable, and cut to `max_bytes` (a binary file has
/// lines of megabytes) with the full length said.
inline std::string excerpt(std::string_view text, std::size_t max_bytes = 60) {
  // Appended piece by piece: GCC 12 at -O2 reports a false -Wrestrict on "'" + std::string&&.
  std::string out = "'";
  out += printable(text.size() <= max_bytes ? text : text.substr(0, max_bytes));
  out += "'";
  if (text.size() > max_bytes) {
    out += "... (";
    out += std::to_string(text.size());
    out += " bytes)";
  }
  return out;
}
}  // namespace detail

/// A caller passed an argument that cannot be used; the message says what was expected and what was got.
/// The message is made printable (detail::printable): it may quote bytes from a file.
class InvalidArgument : public std::invalid_argument {
 public:
  explicit InvalidArgument(const std::string& what) : std::invalid_argument(detail::printable(what)) {}
  explicit InvalidArgument(const char* what) : InvalidArgument(std::string(what)) {}
};

/// A file could not be parsed. `file()` and `line()` (1-based, 0 when not line-oriented) say where.
/// The message is made printable (detail::printable): it quotes what the file holds.
class FormatError : public std::runtime_error {
 public:
  FormatError(std::string file, std::int64_t line, const std::string& what)
      : std::runtime_error(describe(file, line, what)), file_(std::move(file)), line_(line) {}
  const std::string& file() const noexcept { return file_; }
  std::int64_t line() const noexcept { return line_; }

 private:
  // A stream, not operator+: GCC 12 -O3 reports a false -Wrestrict on chained string concatenation.
  static std::string describe(const std::string& file, std::int64_t line, const std::string& what) {
    std::ostringstream out;
    out << file;
    if (line > 0) out << ':' << line;
    out << ": " << what;
    return detail::printable(out.str());
  }

  std::string file_;
  std::int64_t line_;
};

namespace detail {
/// Builds a message from streamable parts: `message("expected fs > 0, got ", fs)`.
template <typename... Parts>
std::string message(const Parts&... parts) {
  std::ostringstream out;
  (out << ... << parts);
  return out.str();
}

[[noreturn, gnu::cold, gnu::noinline]] inline void raise_invalid_argument(const std::string& what) {
  throw InvalidArgument(what);
}
}  // namespace detail

}  // namespace secondheart

/// Throws secondheart::InvalidArgument with the streamed parts when `cond` is false.
#define SECONDHEART_CHECK(cond, ...)                                                   \
  do {                                                                                 \
    if (!(cond)) ::secondheart::detail::raise_invalid_argument(                        \
        ::secondheart::detail::message(__VA_ARGS__));                                  \
  } while (false)
