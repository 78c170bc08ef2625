/// @file
/// SessionStream: the per-sensor streams of one session (foot IMUs, shank IMUs, insoles by side)
/// behind one object. Each push goes to one sensor's stream and returns what that stream produced.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "secondheart/stream/foot_imu_stream.hpp"
#include "secondheart/stream/insole_stream.hpp"
#include "secondheart/stream/shank_imu_stream.hpp"

namespace secondheart::stream {

/// The streams of a session, created on demand by add_*(), at one sampling rate per sensor.
/// Activity bouts and hour summaries are not streamed (docs/stream.md).
class SessionStream {
 public:
  explicit SessionStream(StreamParams params = {}) : params_(params) {}

  void add_imu(Placement placement, Side side, double sampling_rate_hz, AxesFrame frame = AxesFrame::Sensor) {
    SECONDHEART_CHECK(!closed_, "SessionStream: add_imu() after close()");
    if (placement == Placement::Foot) {
      SECONDHEART_CHECK(!feet_[index(side)], "SessionStream: expected one foot IMU per side, got a second ", to_string(side));
      feet_[index(side)].emplace(sampling_rate_hz, side, pipeline::FootImuPipelineParams{}, params_, frame);
    } else {
      SECONDHEART_CHECK(!shanks_[index(side)], "SessionStream: expected one shank IMU per side, got a second ", to_string(side));
      shanks_[index(side)].emplace(sampling_rate_hz, side, pipeline::ShankPipelineParams{}, params_, frame);
    }
  }
  void add_insole(Side side, double sampling_rate_hz, Eigen::Matrix<double, Eigen::Dynamic, 2, Eigen::RowMajor> cell_position_m,
                  double foot_length_m = 0.26) {
    SECONDHEART_CHECK(!closed_, "SessionStream: add_insole() after close()");
    SECONDHEART_CHECK(!insoles_[index(side)], "SessionStream: expected one insole per side, got a second ", to_string(side));
    insoles_[index(side)].emplace(sampling_rate_hz, side, std::move(cell_position_m), foot_length_m,
                                  pipeline::InsolePipelineParams{}, params_);
  }

  /// A chunk of the IMU at (placement, side). @throws InvalidArgument when that IMU was not added.
  StreamUpdate push_imu(Placement placement, Side side, const Eigen::Ref<const Vec3Series>& acc_mps2,
                        const Eigen::Ref<const Vec3Series>& gyr_dps, const Series* timestamps_s = nullptr) {
    if (placement == Placement::Foot) {
      SECONDHEART_CHECK(feet_[index(side)], "SessionStream: no ", to_string(side), " foot IMU (add_imu it first)");
      return feet_[index(side)]->push(acc_mps2, gyr_dps, timestamps_s);
    }
    SECONDHEART_CHECK(shanks_[index(side)], "SessionStream: no ", to_string(side), " shank IMU (add_imu it first)");
    return shanks_[index(side)]->push(acc_mps2, gyr_dps, timestamps_s);
  }
  /// A chunk of the insole on `side`. @throws InvalidArgument when that insole was not added.
  StreamUpdate push_insole(Side side, const Eigen::Ref<const ChannelSeries>& cell_force_n,
                           const Series* timestamps_s = nullptr) {
    SECONDHEART_CHECK(insoles_[index(side)], "SessionStream: no ", to_string(side), " insole (add_insole it first)");
    return insoles_[index(side)]->push(cell_force_n, timestamps_s);
  }

  /// True while any stream is still warming up.
  bool warming_up() const {
    bool any = false;
    for_each([&](const WindowStream& s) { any = any || s.warming_up(); });
    return any;
  }

  /// Closes every stream; one update per stream (feet, shanks, insoles; left first).
  std::vector<StreamUpdate> close() {
    SECONDHEART_CHECK(!closed_, "SessionStream: close() called twice");
    closed_ = true;
    std::vector<StreamUpdate> out;
    for (auto& s : feet_)
      if (s) out.push_back(s->close());
    for (auto& s : shanks_)
      if (s) out.push_back(s->close());
    for (auto& s : insoles_)
      if (s) out.push_back(s->close());
    return out;
  }

 private:
  static std::size_t index(Side side) { return side == Side::Left ? 0 : 1; }
  template <class F>
  void for_each(F f) const {
    for (const auto& s : feet_)
      if (s) f(*s);
    for (const auto& s : shanks_)
      if (s) f(*s);
    for (const auto& s : insoles_)
      if (s) f(*s);
  }

  StreamParams params_;
  std::array<std::optional<FootImuStream>, 2> feet_;
  std::array<std::optional<ShankImuStream>, 2> shanks_;
  std::array<std::optional<InsoleStream>, 2> insoles_;
  bool closed_ = false;
};

}  // namespace secondheart::stream
