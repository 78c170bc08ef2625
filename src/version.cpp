#include "secondheart/version.hpp"

namespace secondheart {
// A compiled symbol so that linking against the installed library proves it is the same version.
const char* compiled_version() noexcept { return SECONDHEART_VERSION_STRING; }
}  // namespace secondheart
