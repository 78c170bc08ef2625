/// @file
/// Assessment module umbrella: norms, features, toe-off assessment, session comparison.
#pragma once

#include "secondheart/assess/compare.hpp"
#include "secondheart/assess/features.hpp"
#include "secondheart/assess/norms.hpp"
#include "secondheart/assess/statistics.hpp"
#include "secondheart/assess/toe_off.hpp"
