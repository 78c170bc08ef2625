/// @file
/// SessionStream: the per-sensor streams of one session (foot IMUs, shank IMUs, insoles by side)
/// behind one object. Each push goes to one sensor's stream and returns what that stream produced.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "secondheart/stream/activity_stream.hpp"
#include "secondheart/stream/foot_imu_stream.hpp"
#include "secondheart/stream/insole_stream.hpp"
#include "secondheart/stream/shank_imu_stream.hpp"

namespace secondheart::stream {

/// The streams of a session, created on demand by add_*(), at one sampling rate per sensor.
/// With stream_activity(), walking bouts and clock hours are streamed too (StreamUpdate::activity);
/// postures and exercises are not (docs/stream.md).
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

  /// Streams walking bouts and clock hours from then on, from the strides of one kind of sensor chosen
  /// as the batch activity stage chooses its contacts: the foot IMUs, else the insoles, else the shank
  /// IMUs (all sides of that kind, added before this call, at one sampling rate). Its ic_latency_s is
  /// set to the sensor streams' window_s + 1 s. Call it before the first push.
  /// @throws InvalidArgument without sensors, when called twice, or with two rates of that kind.
  void stream_activity(ActivityStreamParams params = {}) {
    SECONDHEART_CHECK(!closed_ && !activity_, "SessionStream: stream_activity() once, before close()");
    for (int kind : {foot_kind, insole_kind, shank_kind}) {
      std::vector<Side> sides;
      double rate = NaN;
      for (Side side : {Side::Left, Side::Right}) {
        const WindowStream* s = stream_of(kind, side);
        if (!s) continue;
        SECONDHEART_CHECK(sides.empty() || s->sampling_rate_hz() == rate, "SessionStream: stream_activity() expected the ",
                          kind_name(kind), "s at one sampling rate, got ", rate, " and ", s->sampling_rate_hz(), " Hz");
        SECONDHEART_CHECK(s->samples_seen() == 0, "SessionStream: stream_activity() expected before the first push, got ",
                          s->samples_seen(), " samples already pushed to the ", to_string(side), " ", kind_name(kind));
        rate = s->sampling_rate_hz();
        sides.push_back(side);
      }
      if (sides.empty()) continue;
      params.ic_latency_s = params_.window_s + 1.0;
      activity_.emplace(rate, sides, params);
      activity_kind_ = kind;
      return;
    }
    SECONDHEART_CHECK(false, "SessionStream: stream_activity() expected a sensor added first, got none");
  }
  bool streams_activity() const { return activity_.has_value(); }

  /// A chunk of the IMU at (placement, side). @throws InvalidArgument when that IMU was not added.
  StreamUpdate push_imu(Placement placement, Side side, const Eigen::Ref<const Vec3Series>& acc_mps2,
                        const Eigen::Ref<const Vec3Series>& gyr_dps, const Series* timestamps_s = nullptr) {
    if (placement == Placement::Foot) {
      SECONDHEART_CHECK(feet_[index(side)], "SessionStream: no ", to_string(side), " foot IMU (add_imu it first)");
      return with_activity(foot_kind, feet_[index(side)]->push(acc_mps2, gyr_dps, timestamps_s));
    }
    SECONDHEART_CHECK(shanks_[index(side)], "SessionStream: no ", to_string(side), " shank IMU (add_imu it first)");
    return with_activity(shank_kind, shanks_[index(side)]->push(acc_mps2, gyr_dps, timestamps_s));
  }
  /// A chunk of the insole on `side`. @throws InvalidArgument when that insole was not added.
  StreamUpdate push_insole(Side side, const Eigen::Ref<const ChannelSeries>& cell_force_n,
                           const Series* timestamps_s = nullptr) {
    SECONDHEART_CHECK(insoles_[index(side)], "SessionStream: no ", to_string(side), " insole (add_insole it first)");
    return with_activity(insole_kind, insoles_[index(side)]->push(cell_force_n, timestamps_s));
  }

  /// True while any stream is still warming up.
  bool warming_up() const {
    bool any = false;
    for_each([&](const WindowStream& s) { any = any || s.warming_up(); });
    return any;
  }

  /// Closes every stream; one update per stream (feet, shanks, insoles; left first). With
  /// stream_activity(), the last update of the activity's sensors also holds the open bout and hours.
  std::vector<StreamUpdate> close() {
    SECONDHEART_CHECK(!closed_, "SessionStream: close() called twice");
    closed_ = true;
    std::vector<StreamUpdate> out;
    std::size_t last_activity = 0;
    auto take = [&](int kind, StreamUpdate u) {
      if (activity_ && kind == activity_kind_) last_activity = out.size();
      out.push_back(with_activity(kind, std::move(u)));
    };
    for (auto& s : feet_)
      if (s) take(foot_kind, s->close());
    for (auto& s : shanks_)
      if (s) take(shank_kind, s->close());
    for (auto& s : insoles_)
      if (s) take(insole_kind, s->close());
    if (activity_) out[last_activity].activity.append(activity_->close());
    return out;
  }

 private:
  static constexpr int foot_kind = 0, shank_kind = 1, insole_kind = 2;
  static const char* kind_name(int kind) {
    return kind == foot_kind ? "foot IMU" : kind == shank_kind ? "shank IMU" : "insole";
  }
  static std::size_t index(Side side) { return side == Side::Left ? 0 : 1; }
  const WindowStream* stream_of(int kind, Side side) const {
    const std::size_t i = index(side);
    if (kind == foot_kind) return feet_[i] ? &*feet_[i] : nullptr;
    if (kind == shank_kind) return shanks_[i] ? &*shanks_[i] : nullptr;
    return insoles_[i] ? &*insoles_[i] : nullptr;
  }
  StreamUpdate with_activity(int kind, StreamUpdate u) {
    if (activity_ && kind == activity_kind_) u.activity = activity_->push(u);
    return u;
  }
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
  std::optional<ActivityStream> activity_;
  int activity_kind_ = foot_kind;
  bool closed_ = false;
};

}  // namespace secondheart::stream
