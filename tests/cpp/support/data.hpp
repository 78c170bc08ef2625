// Real recordings of the validation data root in C++ tests (not part of the library).
//
// A test case that reads a dataset calls dataset_path(); when the dataset is absent, it prints the
// marker kSkipMarker and the test returns. Catch2 v2 has no SKIP, so ctest does the reporting: every
// test is registered with SKIP_REGULAR_EXPRESSION = kSkipMarker (tests/cpp/CMakeLists.txt), which
// shows such a case as "Skipped" (listed under "The following tests did not run"), never as "Passed".
// Tag these cases [data] (run only them: `test_<stage>_<concept> "[data]"`).
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

namespace secondheart::test {

/// The marker ctest turns into a skip (keep in sync with tests/cpp/CMakeLists.txt).
inline constexpr const char* kSkipMarker = "SECONDHEART_TEST_SKIPPED_MISSING_DATA";

/// $SECONDHEART_DATA, or ../shared/data next to the source tree.
inline std::filesystem::path data_root() {
  if (const char* env = std::getenv("SECONDHEART_DATA")) return env;
  return SECONDHEART_DEFAULT_DATA_DIR;
}

/// data_root()/relative, or an empty path (after printing the skip marker) when it is absent:
/// `const auto p = test::dataset_path("gaitmap_example"); if (p.empty()) return;`
inline std::filesystem::path dataset_path(const std::string& relative) {
  const std::filesystem::path p = data_root() / relative;
  if (!std::filesystem::exists(p)) {
    std::cout << kSkipMarker << ": validation data " << p << " not found (set SECONDHEART_DATA)" << std::endl;
    WARN("skipped: validation data " << p << " not found (set SECONDHEART_DATA)");
    return {};
  }
  return p;
}

}  // namespace secondheart::test
