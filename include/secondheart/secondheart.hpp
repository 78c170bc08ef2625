/// @file
/// Umbrella header: everything in secondheart.
#pragma once

#include "secondheart/core.hpp"
#include "secondheart/metrics/summary.hpp"
