/// @file
/// ShankImuStream: the shank pipeline (pipeline/ankle.hpp) on a stream of samples of one shank.
#pragma once

#include <string>
#include <utility>

#include "secondheart/pipeline/ankle.hpp"
#include "secondheart/stream/window_stream.hpp"

namespace secondheart::stream {

/// Streams one shank IMU: push(acc, gyr) chunks of any size, get the strides that became final.
/// Each window runs analyze_shank_imus on that shank alone (no foot IMU: the ankle columns are NaN,
/// as in a batch run without a foot IMU).
class ShankImuStream : public WindowStream {
 public:
  ShankImuStream(double sampling_rate_hz, Side side, pipeline::ShankPipelineParams pipeline = {},
                 const StreamParams& params = {}, AxesFrame frame = AxesFrame::Sensor)
      : WindowStream(sampling_rate_hz, side, 6, params, std::string(to_string(side)) + " shank IMU stream"),
        pipeline_(std::move(pipeline)),
        frame_(frame) {}

  /// Takes a chunk: acc (n, 3) m/s², gyr (n, 3) deg/s; optional timestamps (n) s.
  /// @throws InvalidArgument on mismatched shapes, after close(), or bad timestamps (see StreamParams).
  StreamUpdate push(const Eigen::Ref<const Vec3Series>& acc_mps2, const Eigen::Ref<const Vec3Series>& gyr_dps,
                    const Series* timestamps_s = nullptr) {
    SECONDHEART_CHECK(acc_mps2.rows() == gyr_dps.rows(), "shank IMU stream: expected as many acc as gyro samples, got ",
                      acc_mps2.rows(), " and ", gyr_dps.rows());
    SECONDHEART_CHECK(!timestamps_s || timestamps_s->size() == acc_mps2.rows(),
                      "shank IMU stream: expected one timestamp per sample (", acc_mps2.rows(), "), got ",
                      timestamps_s ? timestamps_s->size() : 0);
    return ingest(acc_mps2.rows(), timestamps_s ? timestamps_s->data() : nullptr, [&](Index i, double* row) {
      for (int k = 0; k < 3; ++k) row[k] = acc_mps2(i, k), row[3 + k] = gyr_dps(i, k);
    });
  }

 protected:
  PipelineResult analyze_window(const ChannelSeries& window) const override {
    Session session;
    ImuRecording& rec = session.imus.emplace_back();
    rec.side = side();
    rec.placement = Placement::Shank;
    rec.sampling_rate_hz = sampling_rate_hz();
    rec.frame = frame_;
    rec.acc_mps2 = window.leftCols(3);
    rec.gyr_dps = window.rightCols(3);
    return pipeline::analyze_shank_imus(session, pipeline_);
  }

 private:
  pipeline::ShankPipelineParams pipeline_;
  AxesFrame frame_;
};

}  // namespace secondheart::stream
