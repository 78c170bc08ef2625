#include <catch2/catch.hpp>

#include <cmath>

#include "secondheart/core/quality.hpp"

using namespace secondheart;

TEST_CASE("to_text: numbers in flag messages read like a person wrote them") {
  CHECK(to_text(1.0) == "1");
  CHECK(to_text(4500.0) == "4500");
  CHECK(to_text(436.7) == "437");
  CHECK(to_text(9.8234) == "9.82");
  CHECK(to_text(0.05) == "0.05");
  CHECK(to_text(-0.6) == "-0.6");
  CHECK(to_text(0.000123456) == "0.000123");
  CHECK(to_text(NaN) == "NaN");
  CHECK(to_text(-INFINITY) == "-inf");
}
