/// @file
/// Synth module umbrella: the deterministic synthetic walker with known ground truth.
#pragma once

#include "secondheart/synth/quintic.hpp"
#include "secondheart/synth/walker.hpp"
