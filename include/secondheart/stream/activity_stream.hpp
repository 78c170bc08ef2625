/// @file
/// ActivityStream: walking bouts and clock-hour summaries of a session, emitted once final, from the
/// strides the sensor streams emit (or from stride contacts pushed directly). Bouts come from the batch
/// activity::detect_bouts on the contacts that can still change; hours use the batch hour rules
/// (activity::hour_start_s, clock_hour, habit_status). Memory: the contacts of the open bout and of
/// the last ic_latency_s + a few seconds, and the sums of the open hours. See docs/stream.md.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "secondheart/activity/activity.hpp"
#include "secondheart/core/error.hpp"
#include "secondheart/dsp/statistics.hpp"
#include "secondheart/stream/activity_update.hpp"
#include "secondheart/stream/window_stream.hpp"

namespace secondheart::stream {

struct ActivityStreamParams {
  /// The bout rule, the clock offset of the hours and the habit rule (postures, exercises and terrain
  /// parameters are not used: those are not streamed).
  activity::ActivityParams activity;
  /// How long (s) before the samples seen by a sensor stream a stride's contact can still arrive: the
  /// sensor streams emit a stride once final, while its IC is still in their window: StreamParams::window_s
  /// (30 s) plus a second of rounding. 0 when contacts are pushed in time order and samples_seen is
  /// past every contact pushed. A contact older than this throws (InvalidArgument).
  double ic_latency_s = 31.0;
};

/// Bouts and hours of one session's feet (or shanks, or insoles: one kind of sensor, one sampling rate),
/// on the stream clock (sample index since the first sample / sampling_rate_hz = session time, s).
class ActivityStream {
 public:
  /// @param sides the feet whose strides will be pushed (a bout or an hour is final only when every one
  ///        of them has been seen past it)
  ActivityStream(double sampling_rate_hz, std::vector<Side> sides, ActivityStreamParams params = {})
      : fs_(sampling_rate_hz), sides_(std::move(sides)), params_(std::move(params)) {
    SECONDHEART_CHECK(std::isfinite(fs_) && fs_ > 0, "ActivityStream: expected sampling_rate_hz > 0, got ", fs_);
    SECONDHEART_CHECK(!sides_.empty() && sides_.size() <= 2, "ActivityStream: expected one or two sides, got ", sides_.size());
    SECONDHEART_CHECK(sides_.size() == 1 || sides_[0] != sides_[1], "ActivityStream: expected two different sides, got ",
                      to_string(sides_[0]), " twice");
    SECONDHEART_CHECK(std::isfinite(params_.ic_latency_s) && params_.ic_latency_s >= 0,
                      "ActivityStream: expected ic_latency_s >= 0, got ", params_.ic_latency_s);
    const activity::ActivityParams& a = params_.activity;
    SECONDHEART_CHECK(std::isfinite(a.clock_offset_s), "ActivityStream: expected a finite clock_offset_s, got ", a.clock_offset_s);
    // The bout parameters are checked by detect_bouts; an empty call checks them now.
    (void)activity::detect_bouts({}, {}, a.bouts);
    first_hour_s_ = activity::hour_start_s(0.0, a.clock_offset_s);
    seen_.fill(-1);
  }

  double sampling_rate_hz() const { return fs_; }
  bool closed() const { return closed_; }

  /// The strides and samples_seen of one sensor stream's update (its events.side): each stride's IC and
  /// next IC are contacts (the batch events' ICs), its status and gait_speed_mps (when the table has it)
  /// give the bout's turns and median speed.
  /// @throws InvalidArgument on another sampling rate, a side not given to the constructor, or an
  ///         update older than the previous one of that side.
  ActivityUpdate push(const StreamUpdate& update) {
    SECONDHEART_CHECK(!closed_, "ActivityStream: push() after close()");
    const double rate = update.strides.rows() > 0 ? update.strides.sampling_rate_hz : update.events.sampling_rate_hz;
    SECONDHEART_CHECK(!(rate > 0) || std::abs(rate - fs_) <= 1e-9 * fs_, "ActivityStream: expected updates at ", fs_,
                      " Hz, got one at ", rate, " Hz (one stream per sampling rate)");
    const Side side = update.events.side;
    check_side(side);
    SECONDHEART_CHECK(update.samples_seen >= seen_[index(side)], "ActivityStream: expected updates in time order, got samples_seen ",
                      update.samples_seen, " after ", seen_[index(side)], " for the ", to_string(side), " side");
    const CycleTable& t = update.strides;
    const bool has_speed = t.has_column("gait_speed_mps");
    if (t.rows() > 0 && source_.empty()) source_ = t.source;
    for (Index r = 0; r < t.rows(); ++r) {
      const Cycle& c = t.cycles[static_cast<std::size_t>(r)];
      push_stride(c.side, c.ic, c.status, has_speed ? t.values(r, t.column_index("gait_speed_mps")) : NaN);
      if (c.next_ic > c.ic) (void)push_contact(c.side, c.next_ic);
    }
    return advance(side, update.samples_seen);
  }

  /// One stride pushed directly: its initial contact (sample index on the stream clock), status and
  /// speed (NaN when not measured). Nothing is emitted until advance().
  void push_stride(Side side, Index ic_sample, CycleStatus status = CycleStatus::Valid, double speed_mps = NaN) {
    // Its contact may already be known (the previous stride's next IC); the stride is new all the same.
    (void)push_contact(side, ic_sample);
    strides_.push_back({time_of(ic_sample), status, speed_mps});
  }

  /// A contact that starts no stride (the last of a walk). Returns false when it repeats a contact of
  /// that side (within half the shortest stride: the same contact seen by two windows). Contacts may come
  /// in any order within ic_latency_s (a window's table can list a long stride before a short one).
  /// @throws InvalidArgument when it is older than that: what it could change is final already.
  bool push_contact(Side side, Index ic_sample) {
    SECONDHEART_CHECK(!closed_, "ActivityStream: push after close()");
    check_side(side);
    SECONDHEART_CHECK(ic_sample >= 0, "ActivityStream: expected a contact at sample >= 0, got ", ic_sample);
    const double t = time_of(ic_sample);
    auto& l = contacts_[index(side)];
    const double same_s = 0.5 * params_.activity.bouts.min_stride_s;
    const auto at = std::lower_bound(l.begin(), l.end(), t);
    if ((at != l.end() && *at - t <= same_s) || (at != l.begin() && t - *(at - 1) <= same_s)) return false;
    SECONDHEART_CHECK(t >= final_until_s_, "ActivityStream: expected contacts at or after ", final_until_s_,
                      " s (ic_latency_s before the samples seen), got one at ", t,
                      " s: updates out of time order, or ic_latency_s too small for the sensor streams");
    l.insert(at, t);
    any_contact_[index(side)] = true;
    dirty_ = true;
    ++hours_[hour_index(t)].contacts;
    return true;
  }

  /// The sensor on `side` has been seen up to `samples_seen` samples: emits the bouts and hours that
  /// became final. @throws InvalidArgument when samples_seen goes back.
  ActivityUpdate advance(Side side, Index samples_seen) {
    SECONDHEART_CHECK(!closed_, "ActivityStream: advance() after close()");
    check_side(side);
    Index& seen = seen_[index(side)];
    SECONDHEART_CHECK(samples_seen >= seen, "ActivityStream: expected samples_seen in time order, got ", samples_seen,
                      " after ", seen, " for the ", to_string(side), " side");
    seen = samples_seen;
    return emit(false);
  }

  /// Emits the open bout (when it has enough strides) and the open hours up to the last sample seen.
  ActivityUpdate close() {
    SECONDHEART_CHECK(!closed_, "ActivityStream: close() called twice");
    ActivityUpdate out = emit(true);
    closed_ = true;
    return out;
  }

  /// Contacts, strides and open hours held: bounded by the latency and the open bout, not the duration.
  std::size_t buffered() const { return contacts_[0].size() + contacts_[1].size() + strides_.size() + hours_.size(); }

 private:
  struct StrideInfo {
    double ic_s;
    CycleStatus status;
    double speed_mps;
  };
  struct HourSums {
    double walking_s = 0.0;
    int contacts = 0;
    double still_from_s = NaN;  ///< end of the last bout in the hour (NaN: none yet)
    double longest_still_s = 0.0;
  };

  static std::size_t index(Side side) { return side == Side::Left ? 0 : 1; }
  double time_of(Index sample) const { return static_cast<double>(sample) / fs_; }
  long long hour_index(double t_s) const {
    return static_cast<long long>(std::floor((t_s - first_hour_s_) / 3600.0 + 1e-9));
  }
  double hour_start(long long k) const { return first_hour_s_ + 3600.0 * static_cast<double>(k); }
  void check_side(Side side) const {
    SECONDHEART_CHECK(std::find(sides_.begin(), sides_.end(), side) != sides_.end(), "ActivityStream: expected a side given to "
                      "the constructor, got ", to_string(side));
  }
  /// Time with samples of any sensor, and the time before which no contact can still arrive.
  double worn_until_s() const {
    Index most = 0;
    for (Side s : sides_) most = std::max(most, seen_[index(s)]);
    return time_of(most);
  }
  double contacts_until_s() const {
    Index least = std::numeric_limits<Index>::max();
    for (Side s : sides_) least = std::min(least, std::max<Index>(0, seen_[index(s)]));
    return time_of(least) - params_.ic_latency_s;
  }

  ActivityUpdate emit(bool final) {
    ActivityUpdate out;
    const activity::BoutParams& rule = params_.activity.bouts;
    // A contact at or after `arrive` can still come. A stride that can join a bout begins at most
    // max_pause_s after the bout's end, and ends at most max_stride_s later: a bout that ends before
    // `cut` can grow no more.
    const double arrive = final ? INFINITY : contacts_until_s();
    const double cut = arrive - rule.max_pause_s - rule.max_stride_s;
    // The runs of strides change only with new contacts, and the first open one becomes final only
    // when the cut passes its end: otherwise the last pass still holds.
    if (final || dirty_ || cut > open_end_s_) {
      std::vector<std::vector<double>> lists;
      for (Side s : sides_) lists.push_back(contacts_[index(s)]);
      activity::BoutParams runs = rule;
      runs.min_strides = 1;  // every run of strides, so that an open one is seen before it has enough
      open_start_s_ = open_end_s_ = INFINITY;
      for (activity::WalkingBout& b : activity::detect_bouts(lists, sides_, runs)) {
        if (!final && !(b.end_s < cut)) {
          open_start_s_ = b.start_s;
          open_end_s_ = b.end_s;
          break;
        }
        if (b.strides < rule.min_strides) continue;
        finish_bout(b);
        out.bouts.push_back(b);
      }
      // Drop what is final, keeping each side's last contact (the side still counts as worn with contacts).
      const double keep_from = std::min(cut, open_start_s_);
      for (Side s : sides_) {
        auto& l = contacts_[index(s)];
        const auto end = std::lower_bound(l.begin(), l.end(), keep_from);
        if (end == l.end() && !l.empty())
          l.erase(l.begin(), l.end() - 1);
        else
          l.erase(l.begin(), end);
      }
      std::erase_if(strides_, [&](const StrideInfo& s) { return s.ic_s < keep_from; });
      dirty_ = false;
    }
    const double keep_from = std::min(cut, open_start_s_);
    if (!final) final_until_s_ = std::max(final_until_s_, arrive);  // the promise the bouts and hours above rely on
    // Hours: over when every bout touching them is final (all of them at close, up to the last sample).
    const double worn_until = worn_until_s();
    const double hours_until = final ? worn_until : std::min(keep_from, worn_until);
    for (;; ++next_hour_) {
      const double h0 = hour_start(next_hour_), h1 = h0 + 3600.0;
      if (final ? !(h0 < worn_until - 1e-9) : !(h1 <= hours_until)) break;
      out.hours.push_back(finish_hour(next_hour_, worn_until));
      hours_.erase(hours_.begin(), hours_.upper_bound(next_hour_));
    }
    return out;
  }

  void finish_bout(activity::WalkingBout& b) {
    b.source = source_;
    std::vector<double> speeds;
    for (const StrideInfo& s : strides_) {
      if (s.ic_s < b.start_s - 1e-9 || s.ic_s > b.end_s + 1e-9) continue;
      if (s.status == CycleStatus::Turn) ++b.turn_strides;
      if (s.status == CycleStatus::Valid || s.status == CycleStatus::Turn) speeds.push_back(s.speed_mps);
    }
    b.median_speed_mps = speeds.empty() ? NaN : dsp::median(speeds);
    // Walking time and still runs of the hours it touches.
    for (long long k = hour_index(b.start_s); k <= hour_index(b.end_s); ++k) {
      const double h0 = hour_start(k), h1 = h0 + 3600.0;
      HourSums& h = hours_[k];
      h.walking_s += std::max(0.0, std::min(b.end_s, h1) - std::max(b.start_s, h0));
      const double from = std::isnan(h.still_from_s) ? std::max(h0, 0.0) : h.still_from_s;
      h.longest_still_s = std::max(h.longest_still_s, std::min(b.start_s, h1) - from);
      h.still_from_s = std::max(from, std::min(b.end_s, h1));
    }
  }

  activity::HourSummary finish_hour(long long k, double worn_until) {
    const HourSums sums = hours_.count(k) ? hours_[k] : HourSums{};
    activity::HourSummary h;
    h.hour_start_s = hour_start(k);
    const double h1 = h.hour_start_s + 3600.0;
    h.clock_hour = activity::clock_hour(h.hour_start_s, params_.activity.clock_offset_s);
    const double worn_end = std::min(worn_until, h1);
    h.worn_min = std::max(0.0, worn_end - std::max(h.hour_start_s, 0.0)) / 60.0;
    h.walking_min = sums.walking_s / 60.0;
    const int feet = static_cast<int>(any_contact_[0]) + static_cast<int>(any_contact_[1]);
    h.steps = sums.contacts * (feet == 1 ? 2 : 1);
    const double from = std::isnan(sums.still_from_s) ? std::max(h.hour_start_s, 0.0) : sums.still_from_s;
    h.longest_still_min = std::max(sums.longest_still_s, worn_end - from) / 60.0;
    h.sedentary_min = NaN;      // postures need the raw signals: not streamed
    h.leg_elevated_min = NaN;
    h.exercise_repetitions = 0;  // exercises need the raw signals: not streamed
    h.calf_intensive_strides = 0;  // terrain needs the stride trajectories: not streamed
    h.habit = activity::habit_status(h.walking_min, h.worn_min, params_.activity);
    return h;
  }

  double fs_;
  std::vector<Side> sides_;
  ActivityStreamParams params_;
  double first_hour_s_ = 0.0;
  std::array<Index, 2> seen_{};     ///< samples seen per side (-1: none yet)
  std::array<bool, 2> any_contact_{false, false};  ///< a contact of that side was pushed
  std::array<std::vector<double>, 2> contacts_;  ///< contacts (s) that can still be in an open bout, per side
  std::vector<StrideInfo> strides_;              ///< strides that can still be in an open bout
  std::map<long long, HourSums> hours_;          ///< open hours (index from the first hour)
  long long next_hour_ = 0;
  double final_until_s_ = -INFINITY;  ///< no contact can be pushed before this any more (s)
  double open_start_s_ = INFINITY, open_end_s_ = INFINITY;  ///< the first run not final at the last pass
  bool dirty_ = false;  ///< contacts pushed since the last pass
  std::string source_;
  bool closed_ = false;
};

}  // namespace secondheart::stream
