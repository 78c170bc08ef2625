/// @file
/// FootImuStream: the foot-IMU pipeline (pipeline/foot_imu.hpp) on a stream of samples of one foot.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <utility>
#include <vector>

#include "secondheart/pipeline/foot_imu.hpp"
#include "secondheart/stream/imu_stream.hpp"

namespace secondheart::stream {

/// Streams one foot IMU: push(acc, gyr) chunks of any size, get the strides that became final.
/// Each window runs analyze_foot_imu on that foot alone (lean: no per-sample series kept), so a
/// stride's row is the batch row of the same foot analysed alone; the double-support columns, which
/// need the other foot, are NaN as in a one-foot batch.
///
/// Running estimates. Three things the batch path takes from the whole recording would otherwise
/// come from the 30 s window alone, and move every stride's angles and length a little (the
/// sensor-to-foot rotation by a few tenths of a degree, the gyro bias from whichever standing the
/// window holds, the rest threshold that bounds each stride's integration). The stream keeps them
/// over everything it has seen, in bounded memory, and gives them to each window's analysis:
/// - the rest-detection split: RunningMotionSplit over the motion of the samples that left the
///   window, plus the window's own (when the alignment's and the events' rest settings are the same
///   and automatic, the default; a fixed threshold_dps is used as given);
/// - the alignment: AlignmentMoments of the samples that left, added to the window's
///   (FootImuPipelineParams::earlier_alignment_moments); the sign is still decided in the window;
/// - the calibration: the still periods that left (at most max_still_periods, the latest), used with
///   the window's (earlier_still_periods); a known_calibration is used as given.
/// Rows are taken into the estimates as they leave the window, from the analysis one hop before (so
/// the rest detection had a second of context on both sides), each once. So after the warm-up every
/// stride is analysed with the estimates of all the data up to its window's end: the stream's
/// estimates converge to the batch's over the recording, and its last strides see the same ones.
class FootImuStream : public ImuWindowStream {
 public:
  static constexpr std::size_t max_still_periods = 256;  ///< the latest still periods kept (calibration)

  FootImuStream(double sampling_rate_hz, Side side, pipeline::FootImuPipelineParams pipeline = {},
                const StreamParams& params = {}, AxesFrame frame = AxesFrame::Sensor)
      : ImuWindowStream(sampling_rate_hz, side, Placement::Foot, params, frame), pipeline_(std::move(pipeline)) {
    pipeline_.keep_segment_signals = false;
    pipeline_.metrics.keep_trajectories = false;
  }

  /// The running estimates' state: samples taken in (rest and moving), and still periods kept.
  Index estimate_samples() const { return moments_.rest + moments_.moving; }
  std::size_t estimate_still_periods() const { return periods_.size(); }
  /// The rest-detection split (deg/s) of the samples taken in; NaN before any.
  double rest_threshold_dps() const { return split_.threshold({}, pipeline_.alignment.zero_velocity); }

 protected:
  PipelineResult analyze_window(const ChannelSeries& window, const WindowPosition& where) override {
    const int k = side() == Side::Left ? 0 : 1;
    const Index n = window.rows();
    pipeline::FootImuPipelineParams params = pipeline_;
    Session session = window_session(window);
    const ImuRecording& rec = session.imus.front();

    // The rest split of the samples that left and the window's (batch: of the whole recording).
    const bool running_split = n >= 2 && std::isnan(params.alignment.zero_velocity.threshold_dps) &&
                               std::memcmp(&params.alignment.zero_velocity, &params.events.zero_velocity,
                                           sizeof(orientation::ZeroVelocityParams)) == 0;
    Series motion;
    if (running_split) {
      motion = window_motion(rec);
      std::vector<double> sampled;
      for (Index i = first_on_grid(where.first_sample); i < n; i += grid_step()) sampled.push_back(motion[i]);
      const double split = split_.threshold(sampled, params.alignment.zero_velocity);
      params.alignment.zero_velocity.threshold_dps = params.events.zero_velocity.threshold_dps = split;
    }
    params.earlier_alignment_moments[k] += moments_;
    for (const auto& p : periods_) {  // on the window's clock
      calibration::StillPeriod q = p;
      q.begin -= where.first_sample, q.end -= where.first_sample;
      params.earlier_still_periods[k].push_back(q);
    }

    pipeline::FootImuAnalysis analysis = pipeline::analyze_foot_imu(rec, params);
    const std::vector<std::uint8_t>& still = analysis.events.zero_velocity.still;
    if (static_cast<Index>(still.size()) == n) {
      const Index leaving = std::min(where.leaving, n);
      // The leaving rows: from the analysis one hop before when it took exactly these rows.
      if (leaving > 0) {
        if (pending_.first_sample == where.first_sample && pending_.rows == leaving) {
          take_in(pending_);
        } else {
          take_in(block(rec, still, motion, where.first_sample, 0, leaving));
        }
        keep_still_periods(analysis.still_periods, where.first_sample, leaving);
      }
      pending_ = leaving < n ? block(rec, still, motion, where.first_sample, leaving, std::min(n, leaving + where.hop))
                             : Block{};
    }
    std::vector<pipeline::FootImuAnalysis> feet;
    feet.push_back(std::move(analysis));
    return pipeline::merge_foot_imu_analyses(feet);
  }

 private:
  /// What some rows of the stream add to the running estimates.
  struct Block {
    Index first_sample = -1, rows = 0;  ///< stream clock
    orientation::AlignmentMoments moments;
    std::vector<double> motion_dps;     ///< the motion at the split's grid points
  };

  Index grid_step() const { return orientation::motion_histogram_step(sampling_rate_hz()); }
  /// The first window row on the stream's histogram grid (every grid_step samples of the stream clock).
  Index first_on_grid(Index first_sample) const {
    const Index r = first_sample % grid_step();
    return r == 0 ? 0 : grid_step() - r;
  }

  /// The rest-detection motion of the window (gaps filled as the pipeline fills them).
  Series window_motion(const ImuRecording& rec) const {
    if (rec.gyr_dps.allFinite())
      return orientation::motion_statistic(rec.gyr_dps, sampling_rate_hz(), pipeline_.alignment.zero_velocity);
    Vec3Series filled = rec.gyr_dps;
    orientation::foot_detail::fill_gaps(filled);
    return orientation::motion_statistic(filled, sampling_rate_hz(), pipeline_.alignment.zero_velocity);
  }

  Block block(const ImuRecording& rec, const std::vector<std::uint8_t>& still, const Series& motion,
              Index first_sample, Index begin, Index end) const {
    Block b;
    b.first_sample = first_sample + begin;
    b.rows = end - begin;
    b.moments = orientation::alignment_moments<true>(rec.acc_mps2, rec.gyr_dps, still, begin, end);
    if (motion.size() > 0) {
      Index i = first_on_grid(first_sample);
      if (i < begin) i += (begin - i + grid_step() - 1) / grid_step() * grid_step();
      for (; i < end; i += grid_step()) b.motion_dps.push_back(motion[i]);
    }
    return b;
  }

  void take_in(const Block& b) {
    moments_ += b.moments;
    for (double m : b.motion_dps) split_.add(m);
  }

  /// Still periods that begin in the leaving rows, with their extent in this window, onto the stream
  /// clock; the rest of a period seen again in later windows overlaps it and is left out there.
  void keep_still_periods(const std::vector<calibration::StillPeriod>& own, Index first_sample, Index leaving) {
    for (calibration::StillPeriod p : own) {
      if (p.begin >= leaving) continue;
      p.begin += first_sample, p.end += first_sample;
      const bool seen = std::any_of(periods_.begin(), periods_.end(), [&](const calibration::StillPeriod& e) {
        return p.begin < e.end && e.begin < p.end;
      });
      if (seen) continue;
      periods_.push_back(p);
      if (periods_.size() > max_still_periods) periods_.pop_front();
    }
  }

  pipeline::FootImuPipelineParams pipeline_;
  orientation::RunningMotionSplit split_;
  orientation::AlignmentMoments moments_;
  std::deque<calibration::StillPeriod> periods_;
  Block pending_;
};

}  // namespace secondheart::stream
