/// @file
/// Core module umbrella: value types, errors, validation.
#pragma once

#include "secondheart/core/error.hpp"
#include "secondheart/core/events.hpp"
#include "secondheart/core/quality.hpp"
#include "secondheart/core/recording.hpp"
#include "secondheart/core/result.hpp"
#include "secondheart/core/table.hpp"
#include "secondheart/core/types.hpp"
#include "secondheart/core/validate.hpp"
#include "secondheart/version.hpp"
