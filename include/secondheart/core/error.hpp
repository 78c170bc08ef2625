/// @file
/// Error types. Bad arguments throw InvalidArgument (Python: InvalidArgumentError, a ValueError);
/// malformed files throw FormatError carrying file and line. Data-quality problems never throw:
/// they become QualityFlag entries (core/quality.hpp) and NaN metrics.
#pragma once

#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace secondheart {

/// A caller passed an argument that cannot be used; the message says what was expected and what was got.
class InvalidArgument : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// A file could not be parsed. `file()` and `line()` (1-based, 0 when not line-oriented) say where.
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
    return out.str();
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
