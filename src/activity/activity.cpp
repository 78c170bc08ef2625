// The activity stage: slow signals of every worn sensor, walking bouts, postures of the still time,
// exercise sets, stride terrain, the hours of the day and its summary.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "internal.hpp"
#include "secondheart/core/error.hpp"

namespace secondheart::activity {
namespace {

using detail::Interval;
using detail::LegSignals;
using detail::SlowSignals;

constexpr double slow_rate_hz = 10.0;
/// Exercises right before or after walking are the steps that start or end it.
constexpr double bout_margin_s = 1.5;
/// A stride moves the foot at least this far (the shortest shuffling steps move it ~0.2 m).
constexpr double min_stride_length_m = 0.1;
/// Time constant of the foot-pitch complementary filter: the gyro carries the movement, gravity the
/// level (a heel raise takes ~1 s; the gyro's bias over 1 s is a fraction of a degree).
constexpr double pitch_filter_tau_s = 1.0;

double median(std::vector<double> v) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return !std::isfinite(x); }), v.end());
  if (v.empty()) return NaN;
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  double m = v[mid];
  if (v.size() % 2 == 0) m = 0.5 * (m + *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid)));
  return m;
}

void check_params(const ActivityParams& p) {
  auto positive = [](double v) { return std::isfinite(v) && v > 0; };
  SECONDHEART_CHECK(std::isfinite(p.clock_offset_s), "analyze_activity: expected a finite clock_offset_s, got ",
                    p.clock_offset_s);
  SECONDHEART_CHECK(positive(p.habit_walking_min) && p.habit_walking_min <= 60,
                    "analyze_activity: expected habit_walking_min in (0, 60] min, got ", p.habit_walking_min);
  SECONDHEART_CHECK(std::isfinite(p.judged_min_worn_min) && p.judged_min_worn_min >= 0 && p.judged_min_worn_min <= 60,
                    "analyze_activity: expected judged_min_worn_min in [0, 60] min, got ", p.judged_min_worn_min);
  SECONDHEART_CHECK(std::isfinite(p.min_worn_fraction) && p.min_worn_fraction > 0 && p.min_worn_fraction <= 1,
                    "analyze_activity: expected min_worn_fraction in (0, 1], got ", p.min_worn_fraction);
  const PostureParams& q = p.postures;
  SECONDHEART_CHECK(positive(q.epoch_s) && q.epoch_s <= 60, "analyze_activity: expected postures.epoch_s in (0, 60] s, got ",
                    q.epoch_s);
  SECONDHEART_CHECK(std::isfinite(q.min_period_s) && q.min_period_s >= 0,
                    "analyze_activity: expected postures.min_period_s >= 0, got ", q.min_period_s);
  SECONDHEART_CHECK(q.upright_max_inclination_deg > 0 && q.upright_max_inclination_deg < q.elevated_min_inclination_deg &&
                        q.elevated_min_inclination_deg < 180,
                    "analyze_activity: expected 0 < upright_max_inclination_deg < elevated_min_inclination_deg < 180, got ",
                    q.upright_max_inclination_deg, " and ", q.elevated_min_inclination_deg);
  SECONDHEART_CHECK(q.sitting_max_load_bw > 0 && q.sitting_max_load_bw <= q.standing_min_load_bw,
                    "analyze_activity: expected 0 < sitting_max_load_bw <= standing_min_load_bw, got ",
                    q.sitting_max_load_bw, " and ", q.standing_min_load_bw);
  const ExerciseParams& e = p.exercises;
  SECONDHEART_CHECK(positive(e.min_heel_raise_deg) && positive(e.min_pump_deg) && positive(e.min_forefoot_hold_bw) &&
                        positive(e.min_hold_s) && positive(e.max_rep_gap_s) && e.min_set_reps >= 1 &&
                        positive(e.min_rep_s) && e.max_rep_s > e.min_rep_s,
                    "analyze_activity: expected positive exercise thresholds, min_set_reps >= 1 and min_rep_s < "
                    "max_rep_s, got heel raise ",
                    e.min_heel_raise_deg, " deg, pump ", e.min_pump_deg, " deg, hold ", e.min_forefoot_hold_bw, " BW / ",
                    e.min_hold_s, " s, rep gap ", e.max_rep_gap_s, " s, ", e.min_set_reps, " reps, rep ", e.min_rep_s,
                    "-", e.max_rep_s, " s");
}

/// Sums per slow sample, turned into means by finish().
struct Accumulator {
  std::vector<double> sum;
  std::vector<int> count;
  explicit Accumulator(std::size_t n) : sum(n, 0.0), count(n, 0) {}
  void add(std::size_t j, double v) {
    sum[j] += v;
    ++count[j];
  }
  /// Means where at least `min_count` samples were finite, NaN elsewhere.
  std::vector<double> finish(int min_count) const {
    std::vector<double> out(sum.size(), NaN);
    for (std::size_t j = 0; j < sum.size(); ++j)
      if (count[j] >= std::max(1, min_count)) out[j] = sum[j] / count[j];
    return out;
  }
};

LegSignals& leg_of(SlowSignals& slow, Side side) {
  for (auto& leg : slow.legs)
    if (leg.side == side) return leg;
  slow.legs.push_back({});
  slow.legs.back().side = side;
  return slow.legs.back();
}

/// Slow sample index of recording sample i, or -1 outside the grid.
struct Grid {
  double t0_s, rate_hz;
  std::size_t size;
  /// Calls fn(j, begin, end) for every slow sample j with the recording's samples [begin, end) in it
  /// (a recording of `n` samples at `fs` starting at `start_s`): no per-sample index arithmetic.
  template <class Fn>
  void for_each(double start_s, double fs, Index n, Fn&& fn) const {
    auto first_sample = [&](std::size_t j) {  // first recording sample at or after slow sample j
      const double i = std::ceil((t0_s + static_cast<double>(j) / rate_hz - start_s) * fs - 1e-6);
      return static_cast<Index>(std::clamp(i, 0.0, static_cast<double>(n)));
    };
    Index begin = first_sample(0);
    for (std::size_t j = 0; j < size && begin < n; ++j) {
      const Index end = first_sample(j + 1);
      if (end > begin) fn(j, begin, end);
      begin = std::max(begin, end);
    }
  }
};

/// Minimum samples of a recording in one slow sample to call it worn there.
int min_count(double fs, double worn_fraction) {
  return std::max(1, static_cast<int>(std::ceil(worn_fraction * fs / slow_rate_hz - 1e-9)));
}

struct ShankSlow {
  Side side;
  std::vector<double> ax, ay, az;  // mean specific force, sensor axes
};

struct Sensors {
  SlowSignals slow;
  std::vector<bool> worn;  // per slow sample: some sensor has data
  std::vector<ShankSlow> shanks;
  struct InsoleSlow {
    Side side;
    std::vector<double> total_n, heel_n, forefoot_n;
  };
  std::vector<InsoleSlow> insoles;
};

Sensors slow_signals(const Session& session, const std::vector<SegmentRotation>& rotations, double worn_fraction,
                     QualityFlags& flags) {
  Sensors s;
  double t0 = INFINITY, t1 = -INFINITY;
  auto span = [&](double start, double duration) {
    if (!(duration > 0) || !std::isfinite(start)) return;
    t0 = std::min(t0, start);
    t1 = std::max(t1, start + duration);
  };
  for (const auto& r : session.imus) span(r.start_time_s, r.duration_s());
  for (const auto& r : session.insoles) span(r.start_time_s, r.duration_s());
  if (!(t1 > t0)) return s;
  SECONDHEART_CHECK((t1 - t0) <= 60.0 * 86400.0, "analyze_activity: expected a session of at most 60 days, got ",
                    (t1 - t0) / 86400.0, " days");
  Grid grid{t0, slow_rate_hz, static_cast<std::size_t>(std::ceil((t1 - t0) * slow_rate_hz - 1e-9))};
  s.slow.t0_s = t0;
  s.slow.rate_hz = slow_rate_hz;
  s.slow.size = grid.size;
  s.worn.assign(grid.size, false);
  auto mark_worn = [&](const Accumulator& acc, int need) {
    for (std::size_t j = 0; j < grid.size; ++j)
      if (acc.count[j] >= need) s.worn[j] = true;
  };

  for (const auto& rec : session.imus) {
    const double fs = rec.sampling_rate_hz;
    if (!(fs > 0) || rec.size() == 0 || rec.gyr_dps.rows() != rec.size()) continue;
    const int need = min_count(fs, worn_fraction);
    Eigen::Matrix3d rot = Eigen::Matrix3d::Identity();
    bool rotation_known = rec.frame == AxesFrame::Segment;
    for (const auto& r : rotations)
      if (r.placement == rec.placement && r.side == rec.side) rot = r.segment_from_sensor, rotation_known = true;
    if (rec.placement == Placement::Foot) {
      if (!rotation_known)
        flags.push_back({"foot_frame_unknown", rec.side,
                         std::string(to_string(rec.side)) +
                             " foot IMU: recorded in its sensor axes and no segment alignment was given; heel raises "
                             "and ankle pumps of this foot are not counted"});
      // Per slow sample: the gyro integrates the pitch sample by sample; at the end of the slow
      // sample gravity (the mean specific force's pitch, one arctangent per slow sample) pulls it
      // back with the filter's time constant. Only the segment's x and z acc and y gyro are needed.
      const Eigen::RowVector3d ax_row = rot.row(0), az_row = rot.row(2), wy_row = rot.row(1);
      const double dt = 1.0 / fs;
      const double alpha = pitch_filter_tau_s / (pitch_filter_tau_s + 1.0 / slow_rate_hz);
      std::vector<double> pitch(grid.size, NaN), gyro(grid.size, NaN);
      std::vector<int> counts(grid.size, 0);
      const double r00 = ax_row(0), r01 = ax_row(1), r02 = ax_row(2), r20 = az_row(0), r21 = az_row(1),
                   r22 = az_row(2), r10 = wy_row(0), r11 = wy_row(1), r12 = wy_row(2);
      const double* acc = rec.acc_mps2.data();  // row-major (n, 3)
      const double* gyr = rec.gyr_dps.data();
      double p = NaN;  // pitch at the end of the last slow sample (NaN: restart from gravity)
      grid.for_each(rec.start_time_s, fs, rec.size(), [&](std::size_t k, Index begin, Index end) {
        double sum_ax = 0, sum_az = 0, sum_w2 = 0, sum_pred = 0, pred = p;
        int count = 0;
        for (Index i = begin; i < end; ++i) {
          const double* a = acc + 3 * i;
          const double* w = gyr + 3 * i;
          const double ax = r00 * a[0] + r01 * a[1] + r02 * a[2];
          const double az = r20 * a[0] + r21 * a[1] + r22 * a[2];
          const double wy = r10 * w[0] + r11 * w[1] + r12 * w[2];
          const double w2 = w[0] * w[0] + w[1] * w[1] + w[2] * w[2];
          if (!std::isfinite(ax + az + wy + w2)) {  // NaN or inf anywhere in the row
            pred = NaN;  // restart the filter from gravity after a gap
            continue;
          }
          sum_ax += ax;
          sum_az += az;
          sum_w2 += w2;
          pred -= wy * dt;  // pitch rate = -gyro y (toes up positive)
          sum_pred += pred;
          ++count;
        }
        counts[k] = count;
        if (count < need) {
          p = NaN;
          return;
        }
        gyro[k] = std::sqrt(sum_w2 / count);  // RMS of |gyro|
        const double acc_pitch = std::atan2(sum_ax, sum_az) * rad_to_deg;
        if (!std::isfinite(pred) || std::abs(acc_pitch - pred) > 180.0) {
          p = pitch[k] = acc_pitch;
        } else {
          pitch[k] = sum_pred / count;
          p = alpha * pred + (1.0 - alpha) * acc_pitch;
        }
      });
      LegSignals& leg = leg_of(s.slow, rec.side);
      leg.foot_gyro_dps = std::move(gyro);
      if (rotation_known) leg.foot_pitch_deg = std::move(pitch);
      for (std::size_t k = 0; k < grid.size; ++k)
        if (counts[k] >= need) s.worn[k] = true;
    } else {
      ShankSlow sh{rec.side, {}, {}, {}};
      Accumulator gyro(grid.size), ax(grid.size), ay(grid.size), az(grid.size);
      const double* acc = rec.acc_mps2.data();
      const double* gyr = rec.gyr_dps.data();
      grid.for_each(rec.start_time_s, fs, rec.size(), [&](std::size_t k, Index begin, Index end) {
        for (Index i = begin; i < end; ++i) {
          const double* a = acc + 3 * i;
          const double* w = gyr + 3 * i;
          const double w2 = w[0] * w[0] + w[1] * w[1] + w[2] * w[2];
          if (!std::isfinite(a[0] + a[1] + a[2] + w2)) continue;
          gyro.add(k, w2);
          ax.add(k, a[0]);
          ay.add(k, a[1]);
          az.add(k, a[2]);
        }
      });
      std::vector<double> rms = gyro.finish(need);
      for (double& v : rms) v = std::sqrt(v);
      LegSignals& leg = leg_of(s.slow, rec.side);
      leg.shank_gyro_dps = std::move(rms);
      sh.ax = ax.finish(need);
      sh.ay = ay.finish(need);
      sh.az = az.finish(need);
      leg.shank_acc_mps2 = {sh.ax, sh.ay, sh.az};
      s.shanks.push_back(std::move(sh));
      mark_worn(gyro, need);
    }
  }
  for (const auto& rec : session.insoles) {
    const double fs = rec.sampling_rate_hz;
    if (!(fs > 0) || rec.size() == 0) continue;
    const int need = min_count(fs, worn_fraction);
    // Heel: the back third of the foot; forefoot: from 60 % of its length (metatarsal heads, toes).
    std::vector<Index> heel, fore;
    for (Index c = 0; c < rec.cell_count(); ++c) {
      const double x = rec.cell_position_m.rows() == rec.cell_count() ? rec.cell_position_m(c, 0) / rec.foot_length_m : NaN;
      if (x < 0.35) heel.push_back(c);
      if (x >= 0.6) fore.push_back(c);
    }
    Accumulator total(grid.size), h(grid.size), f(grid.size);
    grid.for_each(rec.start_time_s, fs, rec.size(), [&](std::size_t k, Index begin, Index end) {
      for (Index i = begin; i < end; ++i) {
        const auto row = rec.cell_force_n.row(i);
        const double sum = row.sum();
        if (!std::isfinite(sum)) continue;
        total.add(k, sum);
        double hv = 0, fv = 0;
        for (Index c : heel) hv += row(c);
        for (Index c : fore) fv += row(c);
        h.add(k, hv);
        f.add(k, fv);
      }
    });
    Sensors::InsoleSlow in{rec.side, total.finish(need), {}, {}};
    if (!heel.empty() && !fore.empty()) {
      in.heel_n = h.finish(need);
      in.forefoot_n = f.finish(need);
    }
    s.insoles.push_back(std::move(in));
    mark_worn(total, need);
  }
  return s;
}

/// Initial contacts (session clock) per side of the first pipeline that has any, in the order
/// foot IMU, insole, shank IMU (the foot IMU's contacts are the best validated).
struct Contacts {
  std::string source;
  std::vector<std::vector<double>> ic_s;    ///< contacts that can make bouts
  std::vector<std::vector<double>> step_s;  ///< contacts of strides that moved the foot (all when unmeasured)
  std::vector<Side> sides;
};

Contacts contacts_of(const Session& session, const std::vector<PipelineResult>& results) {
  for (const char* source : {"foot_imu", "insole", "shank_imu"}) {
    for (const auto& r : results) {
      if (r.cycles.source != source) continue;
      Contacts c;
      c.source = source;
      for (const auto& ev : r.events) {
        if (!(ev.sampling_rate_hz > 0)) continue;
        double start = 0.0;
        if (c.source == "insole") {
          if (const auto* rec = session.insole(ev.side)) start = rec->start_time_s;
        } else if (const auto* rec = session.imu(c.source == "foot_imu" ? Placement::Foot : Placement::Shank, ev.side)) {
          start = rec->start_time_s;
        }
        // A foot that turns in place (ankle pumps, heel raises) can look like a swing to the event
        // detector; a stride moves the foot. Contacts that begin or end only strides of a measured
        // length under min_stride_length_m are not steps (those next to unmeasured strides are kept
        // for the bouts). Exercises are told from gait by the contacts of measured, moving strides.
        std::vector<Index> not_steps, moving;
        const bool lengths = c.source == "foot_imu" && r.cycles.has_column("stride_length_m");
        if (lengths) {
          const Index col = r.cycles.column_index("stride_length_m");
          for (Index k = 0; k < r.cycles.rows(); ++k) {
            const Cycle& cyc = r.cycles.cycles[static_cast<std::size_t>(k)];
            if (cyc.side != ev.side) continue;
            const double length = r.cycles.values(k, col);
            if (!std::isfinite(length)) continue;
            std::vector<Index>& into = length < min_stride_length_m ? not_steps : moving;
            into.push_back(cyc.ic);
            into.push_back(cyc.next_ic);
          }
          std::sort(moving.begin(), moving.end());
          std::erase_if(not_steps, [&](Index i) { return std::binary_search(moving.begin(), moving.end(), i); });
          std::sort(not_steps.begin(), not_steps.end());
        }
        std::vector<double> times, steps;
        times.reserve(ev.ic.size());
        for (Index i : ev.ic) {
          const double t = start + static_cast<double>(i) / ev.sampling_rate_hz;
          if (!std::binary_search(not_steps.begin(), not_steps.end(), i)) times.push_back(t);
          if (!lengths || std::binary_search(moving.begin(), moving.end(), i)) steps.push_back(t);
        }
        std::sort(steps.begin(), steps.end());
        c.step_s.push_back(std::move(steps));
        std::sort(times.begin(), times.end());
        c.ic_s.push_back(std::move(times));
        c.sides.push_back(ev.side);
      }
      const bool any = std::any_of(c.ic_s.begin(), c.ic_s.end(), [](const auto& l) { return !l.empty(); });
      if (any) return c;
    }
  }
  return {};
}

/// Worn stretches of the session (runs of worn slow samples).
std::vector<Interval> worn_intervals(const Sensors& s) {
  std::vector<Interval> out;
  for (std::size_t j = 0; j < s.worn.size();) {
    if (!s.worn[j]) {
      ++j;
      continue;
    }
    std::size_t k = j;
    while (k < s.worn.size() && s.worn[k]) ++k;
    out.push_back({s.slow.time(j), s.slow.time(k)});
    j = k;
  }
  return out;
}

/// Median of `values` over the slow samples in [from_s, to_s).
double median_between(const SlowSignals& slow, const std::vector<double>& values, double from_s, double to_s) {
  if (values.empty()) return NaN;
  std::vector<double> v;
  const auto a = static_cast<std::ptrdiff_t>(std::max(0.0, std::floor((from_s - slow.t0_s) * slow.rate_hz)));
  const auto b = static_cast<std::ptrdiff_t>(std::min<double>(static_cast<double>(values.size()), std::ceil((to_s - slow.t0_s) * slow.rate_hz)));
  for (std::ptrdiff_t j = a; j < b; ++j) v.push_back(values[static_cast<std::size_t>(j)]);
  return median(v);
}

/// Mean of `values` over the slow samples inside the walking bouts (first to last contact).
/// Walking calibrates the still postures from the recording itself: over whole strides the feet
/// carry the body weight on average (the body neither rises nor falls from stride to stride), and the
/// shank swings about the vertical. Insoles read 30-50 % off the force plate and a shank's mounting
/// is unknown; walking needs neither.
double mean_while_walking(const SlowSignals& slow, const std::vector<double>& values, const std::vector<WalkingBout>& bouts) {
  double sum = 0.0;
  std::size_t count = 0;
  for (const auto& b : bouts) {
    const auto from = static_cast<std::size_t>(std::max(0.0, std::ceil((b.start_s - slow.t0_s) * slow.rate_hz)));
    const auto to = std::min(values.size(), static_cast<std::size_t>(std::max(0.0, std::floor((b.end_s - slow.t0_s) * slow.rate_hz))));
    for (std::size_t j = from; j < to; ++j)
      if (std::isfinite(values[j])) sum += values[j], ++count;
  }
  return count > 0 ? sum / static_cast<double>(count) : NaN;
}

/// Per slow sample: the posture signals (load as a fraction of the walking load, shank inclination).
struct PostureSignals {
  std::vector<double> load_bw;          // empty without insoles
  double body_weight_n = NaN;           // the body weight as the insoles read it (the load reference)
  std::vector<double> inclination_deg;  // empty without a calibrated shank
};

PostureSignals posture_signals(const Session& session, const Sensors& s, const std::vector<WalkingBout>& bouts,
                               QualityFlags& flags) {
  PostureSignals out;
  const std::size_t n = s.slow.size;
  // Insoles: the worn feet's total against its mean while walking (body weight with both feet, half
  // of it with one).
  if (!s.insoles.empty()) {
    std::vector<double> total(n, 0.0);
    for (std::size_t j = 0; j < n; ++j)
      for (const auto& in : s.insoles) total[j] += in.total_n[j];  // NaN when a foot has no data
    const double share = s.insoles.size() == 2 ? 1.0 : 0.5;  // of the body weight the worn feet carry
    double reference = mean_while_walking(s.slow, total, bouts);
    const double weight_n = session.subject.body_mass_kg ? *session.subject.body_mass_kg * standard_gravity_mps2 * share : NaN;
    if (std::isfinite(reference) && reference > 0) {
      if (std::isfinite(weight_n) && (reference < 0.6 * weight_n || reference > 1.4 * weight_n))
        flags.push_back({"insole_load_scale", std::nullopt,
                         "insoles: the mean load while walking is " + to_text(reference / weight_n) +
                             " x the body weight; postures and exercise loads use the walking load as the body weight",
                         FlagSeverity::Info});
    } else if (std::isfinite(weight_n)) {
      reference = weight_n;
      flags.push_back({"insole_load_uncalibrated", std::nullopt,
                       "insoles: no walking to calibrate the load; postures use the body mass (insole forces are "
                       "often 30-50 % off)",
                       FlagSeverity::Info});
    } else {
      flags.push_back({"insole_posture_unknown", std::nullopt,
                       "insoles: no walking bout and no body mass to calibrate the load against; standing and "
                       "sitting are not told apart"});
      reference = NaN;
    }
    if (std::isfinite(reference)) {
      out.body_weight_n = reference / share;
      out.load_bw.resize(n);
      for (std::size_t j = 0; j < n; ++j) out.load_bw[j] = total[j] / reference;
    }
  }
  // Shanks: inclination from the mean direction of gravity while walking (mean over the legs).
  std::vector<std::vector<double>> per_leg;
  for (const auto& sh : s.shanks) {
    Eigen::Vector3d up(mean_while_walking(s.slow, sh.ax, bouts), mean_while_walking(s.slow, sh.ay, bouts),
                       mean_while_walking(s.slow, sh.az, bouts));
    const ImuRecording* rec = session.imu(Placement::Shank, sh.side);
    if (!(up.allFinite() && up.norm() > 1e-6) && rec && rec->frame == AxesFrame::Segment) up = Eigen::Vector3d::UnitZ();
    if (!(up.allFinite() && up.norm() > 1e-6)) {
      flags.push_back({"shank_upright_unknown", sh.side,
                       std::string(to_string(sh.side)) +
                           " shank IMU: no walking to find its upright direction; its postures are not measured"});
      continue;
    }
    up.normalize();
    std::vector<double> incl(n, NaN);
    for (std::size_t j = 0; j < n; ++j) {
      const Eigen::Vector3d a(sh.ax[j], sh.ay[j], sh.az[j]);
      if (a.allFinite() && a.norm() > 1e-6) incl[j] = std::acos(std::clamp(a.normalized().dot(up), -1.0, 1.0)) * rad_to_deg;
    }
    per_leg.push_back(std::move(incl));
  }
  if (!per_leg.empty()) {
    out.inclination_deg.assign(n, NaN);
    for (std::size_t j = 0; j < n; ++j) {
      double sum = 0;
      int count = 0;
      for (const auto& leg : per_leg)
        if (std::isfinite(leg[j])) sum += leg[j], ++count;
      if (count) out.inclination_deg[j] = sum / count;
    }
  }
  return out;
}

Posture classify(double load_bw, double inclination_deg, const PostureParams& p) {
  Posture from_shank = Posture::Unknown, from_load = Posture::Unknown;
  if (std::isfinite(inclination_deg))
    from_shank = inclination_deg >= p.elevated_min_inclination_deg ? Posture::LegElevated
                 : inclination_deg > p.upright_max_inclination_deg ? Posture::Sitting
                                                                     : Posture::Upright;
  if (std::isfinite(load_bw))
    from_load = load_bw >= p.standing_min_load_bw ? Posture::Standing
                : load_bw <= p.sitting_max_load_bw ? Posture::SittingOrLying
                                                    : Posture::Unknown;
  if (from_shank == Posture::Unknown) return from_load;
  if (from_load == Posture::Standing && from_shank == Posture::Upright) return Posture::Standing;
  if (from_load == Posture::SittingOrLying && from_shank == Posture::Upright) return Posture::Sitting;  // vertical shanks, feet unloaded
  return from_shank;
}

/// Posture periods of the worn time outside the bouts: per epoch, then short runs merged.
std::vector<PosturePeriod> postures_of(const Sensors& s, const PostureSignals& sig, const std::vector<Interval>& still,
                                       const PostureParams& p, const std::string& source) {
  std::vector<PosturePeriod> out;
  const bool any = !sig.load_bw.empty() || !sig.inclination_deg.empty();
  const auto per_epoch = std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(p.epoch_s * s.slow.rate_hz)));
  for (const Interval& run : still) {
    std::vector<PosturePeriod> runs;
    for (double t = run.begin_s; t < run.end_s - 1e-9; t += per_epoch / s.slow.rate_hz) {
      const double e = std::min(run.end_s, t + per_epoch / s.slow.rate_hz);
      const double load = sig.load_bw.empty() ? NaN : median_between(s.slow, sig.load_bw, t, e);
      const double incl = sig.inclination_deg.empty() ? NaN : median_between(s.slow, sig.inclination_deg, t, e);
      const Posture posture = any ? classify(load, incl, p) : Posture::Unknown;
      if (!runs.empty() && runs.back().posture == posture) {
        runs.back().end_s = e;
      } else {
        runs.push_back({t, e, posture, NaN, NaN, source});
      }
    }
    // Short runs (a shift of weight, a transition) join the longer neighbour; Unknown epochs between
    // two runs of one posture join them.
    bool changed = true;
    while (changed && runs.size() > 1) {
      changed = false;
      std::size_t shortest = runs.size();
      for (std::size_t k = 0; k < runs.size(); ++k)
        if (runs[k].duration_s() < p.min_period_s && (shortest == runs.size() || runs[k].duration_s() < runs[shortest].duration_s()))
          shortest = k;
      if (shortest == runs.size()) break;
      const std::size_t k = shortest;
      std::size_t into;
      if (k == 0)
        into = 1;
      else if (k + 1 == runs.size())
        into = k - 1;
      else
        into = runs[k - 1].duration_s() >= runs[k + 1].duration_s() ? k - 1 : k + 1;
      runs[into].start_s = std::min(runs[into].start_s, runs[k].start_s);
      runs[into].end_s = std::max(runs[into].end_s, runs[k].end_s);
      runs.erase(runs.begin() + static_cast<std::ptrdiff_t>(k));
      for (std::size_t m = 0; m + 1 < runs.size();) {  // neighbours of one posture join
        if (runs[m].posture == runs[m + 1].posture) {
          runs[m].end_s = runs[m + 1].end_s;
          runs.erase(runs.begin() + static_cast<std::ptrdiff_t>(m + 1));
        } else {
          ++m;
        }
      }
      changed = true;
    }
    for (auto& r : runs) {
      r.load_bw = sig.load_bw.empty() ? NaN : median_between(s.slow, sig.load_bw, r.start_s, r.end_s);
      r.shank_inclination_deg = sig.inclination_deg.empty() ? NaN : median_between(s.slow, sig.inclination_deg, r.start_s, r.end_s);
      out.push_back(r);
    }
  }
  return out;
}

}  // namespace

int clock_hour(double hour_start_s, double clock_offset_s) {
  const double h = std::floor((hour_start_s + clock_offset_s) / 3600.0 + 1e-9);
  return static_cast<int>(std::fmod(std::fmod(h, 24.0) + 24.0, 24.0));
}

double hour_start_s(double t_s, double clock_offset_s) {
  return std::floor((t_s + clock_offset_s) / 3600.0 + 1e-9) * 3600.0 - clock_offset_s;
}

HabitStatus habit_status(double walking_min, double worn_min, const ActivityParams& params) {
  if (walking_min >= params.habit_walking_min - 1e-9) return HabitStatus::Met;
  if (worn_min <= 1e-9) return HabitStatus::NotWorn;
  if (worn_min >= params.judged_min_worn_min - 1e-9) return HabitStatus::Missed;
  return HabitStatus::PartlyWorn;
}

ActivityResult analyze_activity(const Session& session, const std::vector<PipelineResult>& results,
                                const ActivityParams& params, const std::vector<SegmentRotation>& rotations) {
  check_params(params);
  ActivityResult out;
  out.clock_offset_s = params.clock_offset_s;
  Sensors sensors = slow_signals(session, rotations, params.min_worn_fraction, out.flags);
  SlowSignals& slow = sensors.slow;
  if (slow.size == 0) {
    out.flags.push_back({"no_activity_data", std::nullopt, "activity: the session has no samples to read"});
    return out;
  }

  // ---- What the sensors allow. ----
  bool foot = false, shank = false;
  for (const auto& r : session.imus) (r.placement == Placement::Foot ? foot : shank) = true;
  const bool insole = !session.insoles.empty();
  if (foot) out.capabilities.push_back("foot IMU: walking bouts, steps, stairs and slopes per stride, heel raises and ankle pumps");
  if (shank) out.capabilities.push_back("shank IMU: walking bouts, steps, upright / sitting / leg elevated from the shank inclination");
  if (insole) out.capabilities.push_back("insole: walking bouts, steps, standing / sitting-or-lying from the load, calf raises, seated toe pushes, isometric holds");
  // What they cannot tell shows as NaN (sedentary minutes, leg elevation) and in the day summary.

  // ---- Bouts. ----
  Contacts contacts = contacts_of(session, results);
  out.bouts = detect_bouts(contacts.ic_s, contacts.sides, params.bouts);
  for (auto& b : out.bouts) b.source = contacts.source;
  const bool one_foot = std::count_if(contacts.ic_s.begin(), contacts.ic_s.end(), [](const auto& l) { return !l.empty(); }) == 1;
  if (one_foot)
    out.flags.push_back({"steps_from_one_foot", std::nullopt,
                         "activity: contacts of one foot only; steps are twice that foot's contacts", FlagSeverity::Info});
  // A foot that turns in place without resting flat (ankle pumps) can give contacts whose strides
  // have no measured length at all; walking moves the foot. A foot-IMU bout in which fewer than half
  // the strides were measured to move the foot min_stride_length_m is not walking.
  if (contacts.source == "foot_imu") {
    for (const auto& r : results) {
      if (r.cycles.source != "foot_imu" || !r.cycles.has_column("stride_length_m")) continue;
      const Index col = r.cycles.column_index("stride_length_m");
      std::vector<int> strides(out.bouts.size(), 0), moving(out.bouts.size(), 0);
      for (Index k = 0; k < r.cycles.rows(); ++k) {
        const Cycle& c = r.cycles.cycles[static_cast<std::size_t>(k)];
        const ImuRecording* rec = session.imu(Placement::Foot, c.side);
        const double t = (rec ? rec->start_time_s : 0.0) + static_cast<double>(c.ic) / r.cycles.sampling_rate_hz;
        for (std::size_t b = 0; b < out.bouts.size(); ++b)
          if (t >= out.bouts[b].start_s - 1e-9 && t < out.bouts[b].end_s) {
            ++strides[b];
            moving[b] += r.cycles.values(k, col) >= min_stride_length_m;
          }
      }
      std::vector<WalkingBout> kept;
      int dropped = 0;
      for (std::size_t b = 0; b < out.bouts.size(); ++b) {
        if (2 * moving[b] >= strides[b])
          kept.push_back(out.bouts[b]);
        else
          ++dropped;
      }
      if (dropped > 0)
        out.flags.push_back({"bouts_without_foot_motion", std::nullopt,
                             "activity: " + std::to_string(dropped) +
                                 " series of foot-IMU contacts did not move the feet (stride length under " +
                                 to_text(min_stride_length_m) + " m or not measurable): not counted as walking",
                             FlagSeverity::Info});
      out.bouts = std::move(kept);
    }
  }
  // Insole contacts while seated (heel lifts of seated toe pushes on a noisy insole) are not
  // walking: walking puts the body weight on each foot in turn, sitting a fraction of it. A bout
  // whose load peaks (95th percentile of the feet's total) stay under half the median bout's is dropped.
  if (contacts.source == "insole" && !sensors.insoles.empty() && out.bouts.size() > 1) {
    std::vector<double> peaks;
    for (const auto& b : out.bouts) {
      std::vector<double> total;
      const auto from = static_cast<std::size_t>(std::max(0.0, std::ceil((b.start_s - slow.t0_s) * slow.rate_hz)));
      const auto to = std::min(slow.size, static_cast<std::size_t>(std::max(0.0, std::floor((b.end_s - slow.t0_s) * slow.rate_hz))));
      for (std::size_t j = from; j < to; ++j) {
        double sum = 0.0;
        for (const auto& in : sensors.insoles) sum += in.total_n[j];
        if (std::isfinite(sum)) total.push_back(sum);
      }
      std::sort(total.begin(), total.end());
      peaks.push_back(total.empty() ? NaN : total[static_cast<std::size_t>(0.95 * static_cast<double>(total.size() - 1))]);
    }
    const double typical = median(peaks);
    std::vector<WalkingBout> kept;
    for (std::size_t b = 0; b < out.bouts.size(); ++b)
      if (!(peaks[b] < 0.5 * typical)) kept.push_back(out.bouts[b]);
    if (kept.size() < out.bouts.size())
      out.flags.push_back({"bouts_without_body_weight", std::nullopt,
                           "activity: " + std::to_string(out.bouts.size() - kept.size()) +
                               " series of insole contacts never carried the body weight (seated): not counted as walking",
                           FlagSeverity::Info});
    out.bouts = std::move(kept);
  }
  // Contacts of the dropped bouts were not steps either (hours count steps; exercises reject steps).
  {
    const std::vector<Interval> all_bouts = detail::bout_intervals(detect_bouts(contacts.ic_s, contacts.sides, params.bouts));
    const std::vector<Interval> dropped = detail::subtract(all_bouts, detail::bout_intervals(out.bouts));
    auto inside = [&](double t) {
      return std::any_of(dropped.begin(), dropped.end(), [&](const Interval& d) { return t >= d.begin_s - 1e-9 && t <= d.end_s + 1e-9; });
    };
    if (!dropped.empty())
      for (auto* lists : {&contacts.ic_s, &contacts.step_s})
        for (auto& list : *lists) std::erase_if(list, inside);
  }
  const std::vector<Interval> walking = detail::bout_intervals(out.bouts);

  // ---- Stride terrain, speed, turns per bout (foot IMU table). ----
  for (const auto& r : results) {
    if (r.cycles.source != "foot_imu" || r.cycles.rows() == 0) continue;
    const CycleTable& t = r.cycles;
    const Index rows = t.rows();
    Eigen::VectorXd rise = t.has_column("stride_rise_m") ? t.column("stride_rise_m") : Eigen::VectorXd::Constant(rows, NaN);
    Eigen::VectorXd length = t.has_column("stride_length_m") ? t.column("stride_length_m") : Eigen::VectorXd::Constant(rows, NaN);
    std::vector<Side> sides;
    for (const auto& c : t.cycles) sides.push_back(c.side);
    out.stride_terrain = classify_terrain(rise, length, sides, params.terrain);
    const Eigen::VectorXd speed = t.has_column("gait_speed_mps") ? t.column("gait_speed_mps") : Eigen::VectorXd::Constant(rows, NaN);
    std::vector<std::vector<double>> speeds(out.bouts.size());
    for (Index k = 0; k < rows; ++k) {
      const Cycle& c = t.cycles[static_cast<std::size_t>(k)];
      const ImuRecording* rec = session.imu(Placement::Foot, c.side);
      const double ic_s = (rec ? rec->start_time_s : 0.0) + static_cast<double>(c.ic) / t.sampling_rate_hz;
      for (std::size_t b = 0; b < out.bouts.size(); ++b) {
        if (ic_s < out.bouts[b].start_s - 1e-9 || ic_s > out.bouts[b].end_s + 1e-9) continue;
        if (c.status == CycleStatus::Turn) ++out.bouts[b].turn_strides;
        if (calf_intensive(out.stride_terrain[static_cast<std::size_t>(k)])) ++out.bouts[b].calf_intensive_strides;
        if (c.status == CycleStatus::Valid || c.status == CycleStatus::Turn) speeds[b].push_back(speed[k]);
      }
    }
    for (std::size_t b = 0; b < out.bouts.size(); ++b) out.bouts[b].median_speed_mps = median(speeds[b]);
  }

  // ---- Worn time, still time, postures. ----
  const std::vector<Interval> worn = worn_intervals(sensors);
  const std::vector<Interval> still = detail::subtract(worn, walking);
  const PostureSignals posture_sig = posture_signals(session, sensors, out.bouts, out.flags);
  const std::string posture_source = !posture_sig.inclination_deg.empty() && !posture_sig.load_bw.empty() ? "shank_imu+insole"
                                     : !posture_sig.inclination_deg.empty()                               ? "shank_imu"
                                     : !posture_sig.load_bw.empty()                                       ? "insole"
                                                                                                           : "foot_imu";
  out.postures = postures_of(sensors, posture_sig, still, params.postures, posture_source);
  const bool postures_known = !posture_sig.load_bw.empty() || !posture_sig.inclination_deg.empty();
  const bool elevation_known = !posture_sig.inclination_deg.empty();

  // ---- Exercises in the worn time away from walking. ----
  std::vector<bool> idle(slow.size, false);
  {
    std::vector<Interval> busy;
    for (const auto& w : walking) busy.push_back({w.begin_s - bout_margin_s, w.end_s + bout_margin_s});
    for (const Interval& run : detail::subtract(worn, busy)) {
      const auto a = static_cast<std::size_t>(std::max(0.0, std::ceil((run.begin_s - slow.t0_s) * slow.rate_hz - 1e-9)));
      const auto b = std::min(slow.size, static_cast<std::size_t>(std::max(0.0, std::floor((run.end_s - slow.t0_s) * slow.rate_hz + 1e-9))));
      for (std::size_t j = a; j < b; ++j) idle[j] = sensors.worn[j];
    }
  }
  for (std::size_t c = 0; c < contacts.step_s.size(); ++c) leg_of(slow, contacts.sides[c]).contact_s = contacts.step_s[c];
  // Foot flat: gravity at the mid-stances of the walking (the foot rests flat there).
  for (const auto& r : results) {
    if (r.cycles.source != "foot_imu") continue;
    for (const auto& ev : r.events) {
      const ImuRecording* rec = session.imu(Placement::Foot, ev.side);
      if (!rec || ev.ms.empty()) continue;
      Eigen::Matrix3d rot = Eigen::Matrix3d::Identity();
      for (const auto& rr : rotations)
        if (rr.placement == Placement::Foot && rr.side == ev.side) rot = rr.segment_from_sensor;
      Eigen::Vector3d up = Eigen::Vector3d::Zero();
      for (Index i : ev.ms) {
        if (i < 0 || i >= rec->size()) continue;
        const Eigen::Vector3d a = rot * rec->acc_mps2.row(i).transpose();
        if (a.allFinite() && a.norm() > 1e-6) up += a.normalized();
      }
      if (up.norm() > 1e-6) leg_of(slow, ev.side).foot_flat_pitch_deg = std::atan2(up.x(), up.z()) * rad_to_deg;
    }
  }
  for (const auto& in : sensors.insoles) {
    LegSignals& leg = leg_of(slow, in.side);
    // Loads as fractions of the body weight the insoles read while walking.
    const double per_bw = posture_sig.body_weight_n;
    if (!std::isfinite(per_bw)) continue;
    auto scaled = [&](const std::vector<double>& v) {
      std::vector<double> o(v.size());
      for (std::size_t j = 0; j < v.size(); ++j) o[j] = v[j] / per_bw;
      return o;
    };
    leg.total_load_bw = scaled(in.total_n);
    if (!in.heel_n.empty()) {
      leg.heel_load_bw = scaled(in.heel_n);
      leg.forefoot_load_bw = scaled(in.forefoot_n);
    }
  }
  out.exercises = detail::detect_exercises(slow, idle, out.postures, params.exercises);

  // ---- Hours. ----
  const double t_begin = slow.t0_s, t_end = slow.time(slow.size);
  const double first_hour = hour_start_s(t_begin, params.clock_offset_s);
  std::vector<double> all_contacts;
  for (const auto& l : contacts.ic_s) all_contacts.insert(all_contacts.end(), l.begin(), l.end());
  std::sort(all_contacts.begin(), all_contacts.end());
  std::vector<double> terrain_ic;  // contact times of calf-intensive strides
  for (const auto& r : results) {
    if (r.cycles.source != "foot_imu") continue;
    for (std::size_t k = 0; k < out.stride_terrain.size() && k < r.cycles.cycles.size(); ++k) {
      if (!calf_intensive(out.stride_terrain[k])) continue;
      const Cycle& c = r.cycles.cycles[k];
      const ImuRecording* rec = session.imu(Placement::Foot, c.side);
      terrain_ic.push_back((rec ? rec->start_time_s : 0.0) + static_cast<double>(c.ic) / r.cycles.sampling_rate_hz);
    }
  }
  std::sort(terrain_ic.begin(), terrain_ic.end());
  auto count_in = [](const std::vector<double>& sorted, double a, double b) {
    return static_cast<int>(std::lower_bound(sorted.begin(), sorted.end(), b) - std::lower_bound(sorted.begin(), sorted.end(), a));
  };
  for (double h0 = first_hour; h0 < t_end - 1e-9; h0 += 3600.0) {
    const double h1 = h0 + 3600.0;
    HourSummary hour;
    hour.hour_start_s = h0;
    hour.clock_hour = clock_hour(h0, params.clock_offset_s);
    for (const auto& w : worn) hour.worn_min += detail::overlap_s(w.begin_s, w.end_s, h0, h1) / 60.0;
    for (const auto& w : walking) hour.walking_min += detail::overlap_s(w.begin_s, w.end_s, h0, h1) / 60.0;
    hour.steps = count_in(all_contacts, h0, h1) * (one_foot ? 2 : 1);
    for (const auto& r : still) hour.longest_still_min = std::max(hour.longest_still_min, detail::overlap_s(r.begin_s, r.end_s, h0, h1) / 60.0);
    hour.sedentary_min = postures_known ? 0.0 : NaN;
    hour.leg_elevated_min = elevation_known ? 0.0 : NaN;
    for (const auto& p : out.postures) {
      const double m = detail::overlap_s(p.start_s, p.end_s, h0, h1) / 60.0;
      if (postures_known && sedentary(p.posture)) hour.sedentary_min += m;
      if (elevation_known && p.posture == Posture::LegElevated) hour.leg_elevated_min += m;
    }
    for (const auto& set : out.exercises)
      for (const auto& rep : set.reps)
        if (rep.start_s >= h0 && rep.start_s < h1) ++hour.exercise_repetitions;
    hour.calf_intensive_strides = count_in(terrain_ic, h0, h1);
    hour.habit = habit_status(hour.walking_min, hour.worn_min, params);
    out.hours.push_back(hour);
  }

  // ---- The day. ----
  DaySummary& day = out.day;
  for (const auto& h : out.hours) {
    day.hours_worn += h.worn_min / 60.0;
    day.walking_min += h.walking_min;
    day.steps += h.steps;
    day.calf_intensive_strides += h.calf_intensive_strides;
    if (h.habit == HabitStatus::Met) ++day.hours_meeting_habit;
    if (h.habit == HabitStatus::Missed) ++day.hours_missing_habit;
  }
  day.hours_judged = day.hours_meeting_habit + day.hours_missing_habit;
  day.bouts = static_cast<int>(out.bouts.size());
  day.longest_still_min = 0.0;
  for (const auto& r : still)
    if (r.length_s() / 60.0 > day.longest_still_min) day.longest_still_min = r.length_s() / 60.0, day.longest_still_start_s = r.begin_s;
  if (postures_known) {
    day.longest_sedentary_min = 0.0;
    for (std::size_t k = 0; k < out.postures.size();) {  // adjacent sedentary periods (sitting, then legs up) join
      if (!sedentary(out.postures[k].posture)) {
        ++k;
        continue;
      }
      std::size_t m = k;
      while (m + 1 < out.postures.size() && sedentary(out.postures[m + 1].posture) &&
             out.postures[m + 1].start_s - out.postures[m].end_s < 1e-6)
        ++m;
      const double minutes = (out.postures[m].end_s - out.postures[k].start_s) / 60.0;
      if (minutes > day.longest_sedentary_min) day.longest_sedentary_min = minutes, day.longest_sedentary_start_s = out.postures[k].start_s;
      k = m + 1;
    }
  }
  if (elevation_known) {
    day.leg_elevated_min = 0.0;
    for (const auto& p : out.postures)
      if (p.posture == Posture::LegElevated) day.leg_elevated_min += p.duration_s() / 60.0;
  }
  day.exercise_sets = static_cast<int>(out.exercises.size());
  for (const auto& set : out.exercises) day.exercise_repetitions += static_cast<int>(set.reps.size());

  // ---- Flags about the day. ----
  const double span_h = (t_end - t_begin) / 3600.0;
  if (day.hours_worn < span_h - 1.0 / 60.0)
    out.flags.push_back({"not_worn", std::nullopt,
                         "activity: " + to_text((span_h - day.hours_worn) * 60.0) +
                             " min without data (sensor off or removed); those minutes are not worn, never sedentary"});
  if (contacts.source.empty())
    out.flags.push_back({"no_contacts", std::nullopt, "activity: no pipeline found initial contacts; no walking bouts"});
  return out;
}

}  // namespace secondheart::activity
