/// @file
/// Umbrella header: everything in secondheart.
#pragma once

#include "secondheart/core.hpp"
#include "secondheart/dsp.hpp"
#include "secondheart/metrics/summary.hpp"
#include "secondheart/cycles/cycles.hpp"
#include "secondheart/events/insole.hpp"
#include "secondheart/io/csv.hpp"
#include "secondheart/io/insole_readers.hpp"
#include "secondheart/metrics/insole.hpp"
#include "secondheart/metrics/spatiotemporal.hpp"
#include "secondheart/pipeline/insole.hpp"
#include "secondheart/synth.hpp"
#include "secondheart/orientation/shank.hpp"
#include "secondheart/events/shank_imu.hpp"
#include "secondheart/metrics/ankle.hpp"
#include "secondheart/pipeline/ankle.hpp"
#include "secondheart/assess.hpp"
#include "secondheart/activity/activity.hpp"
#include "secondheart/pipeline/analyze.hpp"
#include "secondheart/io/report.hpp"
#include "secondheart/stream.hpp"
