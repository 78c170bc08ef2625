/// @file
/// Umbrella header of the dsp stage: filters, peaks, runs, resampling, gaps, windows, box smoothing, statistics.
#pragma once

#include "secondheart/dsp/filter.hpp"
#include "secondheart/dsp/gaps.hpp"
#include "secondheart/dsp/peaks.hpp"
#include "secondheart/dsp/resample.hpp"
#include "secondheart/dsp/runs.hpp"
#include "secondheart/dsp/smooth.hpp"
#include "secondheart/dsp/statistics.hpp"
#include "secondheart/dsp/window.hpp"
