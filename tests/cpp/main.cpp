// The Catch2 (v2, as the distro ships it) main shared by every stage's test executable.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
