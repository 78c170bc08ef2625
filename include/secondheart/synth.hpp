/// @file
/// Synth module umbrella: the deterministic synthetic walker and synthetic days with known ground truth.
#pragma once

#include "secondheart/synth/day.hpp"
#include "secondheart/synth/quintic.hpp"
#include "secondheart/synth/walker.hpp"
