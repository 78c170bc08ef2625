/// @file
/// ShankImuStream: the shank pipeline (pipeline/ankle.hpp) on a stream of samples of one shank.
#pragma once

#include <utility>

#include "secondheart/pipeline/ankle.hpp"
#include "secondheart/stream/imu_stream.hpp"

namespace secondheart::stream {

/// Streams one shank IMU: push(acc, gyr) chunks of any size, get the strides that became final.
/// Each window runs analyze_shank_imus on that shank alone (no foot IMU: the ankle columns are NaN,
/// as in a batch run without a foot IMU).
class ShankImuStream : public ImuWindowStream {
 public:
  ShankImuStream(double sampling_rate_hz, Side side, pipeline::ShankPipelineParams pipeline = {},
                 const StreamParams& params = {}, AxesFrame frame = AxesFrame::Sensor)
      : ImuWindowStream(sampling_rate_hz, side, Placement::Shank, params, frame), pipeline_(std::move(pipeline)) {}

 protected:
  PipelineResult analyze_window(const ChannelSeries& window, const WindowPosition& /*where*/) override {
    return pipeline::analyze_shank_imus(window_session(window), pipeline_);
  }

 private:
  pipeline::ShankPipelineParams pipeline_;
};

}  // namespace secondheart::stream
