// Helpers shared by the C++ tests (not part of the library).
#pragma once

#include <initializer_list>

#include "secondheart/core/types.hpp"

namespace secondheart::test {

/// A Series written out in a test: from({0, 3, 1, 5}).
inline Series from(std::initializer_list<double> values) {
  Series s(static_cast<Index>(values.size()));
  Index i = 0;
  for (double v : values) s[i++] = v;
  return s;
}

}  // namespace secondheart::test
