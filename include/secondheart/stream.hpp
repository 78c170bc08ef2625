/// @file
/// Streaming analysis (include/secondheart/stream/): per-sensor streams, the session stream, and the
/// agreement-with-batch measure. See docs/stream.md.
#pragma once

#include "secondheart/stream/activity_stream.hpp"
#include "secondheart/stream/activity_update.hpp"
#include "secondheart/stream/agreement.hpp"
#include "secondheart/stream/foot_imu_stream.hpp"
#include "secondheart/stream/imu_stream.hpp"
#include "secondheart/stream/insole_stream.hpp"
#include "secondheart/stream/session_stream.hpp"
#include "secondheart/stream/shank_imu_stream.hpp"
#include "secondheart/stream/window_stream.hpp"
