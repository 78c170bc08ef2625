/// @file
/// The library version: the single source read by CMake, pyproject (regex provider) and the bindings.
#pragma once

#define SECONDHEART_VERSION_MAJOR 0
#define SECONDHEART_VERSION_MINOR 1
#define SECONDHEART_VERSION_PATCH 0
#define SECONDHEART_VERSION_STRING "0.1.0"

namespace secondheart {
inline constexpr const char* version_string = SECONDHEART_VERSION_STRING;
/// The version the linked library was compiled with (equals version_string unless headers and library mismatch).
const char* compiled_version() noexcept;
}  // namespace secondheart
