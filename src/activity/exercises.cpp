// Exercise repetitions and sets from the slow (10 Hz) signals of each leg, away from walking:
//  - heel raises: the foot pitches toes-down about the forefoot (foot IMU) or the heel unloads while
//    the forefoot stays loaded (insole); standing -> calf raise, sitting -> seated toe push, posture
//    unknown -> heel raise;
//  - ankle pumps: the foot pitch goes up and down around its rest with the shank still;
//  - isometric holds: added forefoot load held >= min_hold_s without a heel lift (insole).
// Each excursion from the rest level is cut into lobes (runs on one side of the rest); a lobe's
// timing uses the 10 % and 90 % levels of its own depth, so slow and fast movers are timed alike.
#include <algorithm>
#include <cmath>

#include "internal.hpp"

namespace secondheart::activity::detail {
namespace {

/// Rest level tracking: an exponential average over this time while the signal is near rest.
constexpr double rest_tau_s = 3.0;
/// A step inside an excursion (a contact of this foot) makes it gait, not an exercise.
constexpr double contact_margin_s = 0.5;
/// The shank moves less than this (median |gyro|) while the foot pumps.
constexpr double still_shank_dps = 30.0;
/// An excursion starts this far from rest (a fraction of the smallest exercise threshold) and ends
/// when the signal stays within the end level for end_s.
constexpr double start_fraction = 0.5, end_fraction = 0.25, end_s = 0.5;
/// Longest excursion looked at (a set of ankle pumps without a pause between them).
constexpr double max_excursion_s = 180.0;

double median_of(std::vector<double> v) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return !std::isfinite(x); }), v.end());
  if (v.empty()) return NaN;
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

struct Excursion {
  std::size_t begin, end;  // slow samples [begin, end)
  std::vector<double> dev; // signal minus rest over [begin, end)
  double rest = NaN;       // the rest level the excursion left
};

/// What tells the excursion scanner that the leg has settled into a new rest (a change of posture
/// moves the foot pitch to a new level: legs out, lying) rather than holding the top of a repetition.
struct RestHints {
  const std::vector<double>* foot_gyro_dps = nullptr;  ///< still foot: RMS |gyro| under still_foot_dps
  const LegSignals* leg = nullptr;                      ///< shank acc, for a change of the shank's tilt
  double flat_level = NaN;  ///< the signal's value with the foot flat on the floor (pitch 0): always a rest
  /// Insoles: the foot's total load (BW); a change of posture_change_bw since the last rest, held
  /// steady, is a new posture (standing 0.5 BW per foot down to sitting ~0.1), not a repetition (an
  /// isometric hold adds up to ~0.3 BW to the forefoot).
  const std::vector<double>* total_load_bw = nullptr;
};

/// A still foot settles into a new rest when it is at the flat level; when its shank tilted by
/// posture_change_deg since the last rest; when it rests toes-up by raised_level above the flat level
/// for raised_settle_s (the leg stretched out or lying; a pump that holds at the top re-bases there,
/// and from_foot_pitch counts the moves of a raised foot as pumps: a heel cannot lift off the floor
/// with the foot in the air); or after long_still_s anywhere (longer than any hold).
constexpr double still_foot_dps = 5.0, settle_s = 0.7, flat_tolerance = 5.0, posture_change_deg = 15.0,
                 raised_level = 15.0, raised_settle_s = 0.7, long_still_s = 8.0, posture_change_bw = 0.3,
                 steady_bw = 0.01;

double shank_tilt_between(const LegSignals& leg, std::size_t a, std::size_t b) {
  if (leg.shank_acc_mps2[0].empty()) return NaN;
  Eigen::Vector3d u(leg.shank_acc_mps2[0][a], leg.shank_acc_mps2[1][a], leg.shank_acc_mps2[2][a]);
  Eigen::Vector3d v(leg.shank_acc_mps2[0][b], leg.shank_acc_mps2[1][b], leg.shank_acc_mps2[2][b]);
  if (!u.allFinite() || !v.allFinite() || u.norm() < 1e-6 || v.norm() < 1e-6) return NaN;
  return std::acos(std::clamp(u.normalized().dot(v.normalized()), -1.0, 1.0)) * 57.29577951308232;
}

/// Excursions of `signal` away from its rest level inside idle samples. `start_level` > 0.
std::vector<Excursion> excursions(const std::vector<double>& signal, const std::vector<bool>& idle, double rate_hz,
                                  double start_level, const RestHints& hints = {}) {
  std::vector<Excursion> out;
  const double end_level = start_level * end_fraction / start_fraction;
  const double gain = 1.0 / (rest_tau_s * rate_hz);
  const auto end_count = static_cast<std::size_t>(std::lround(end_s * rate_hz));
  const auto max_count = static_cast<std::size_t>(max_excursion_s * rate_hz);
  const auto settle_count = static_cast<std::size_t>(std::lround(settle_s * rate_hz));
  const auto long_count = static_cast<std::size_t>(std::lround(long_still_s * rate_hz));
  const auto raised_count = static_cast<std::size_t>(std::lround(raised_settle_s * rate_hz));
  const bool with_gyro = hints.foot_gyro_dps != nullptr && !hints.foot_gyro_dps->empty();
  const bool with_load = hints.total_load_bw != nullptr && !hints.total_load_bw->empty();
  // Still: the foot's gyro says so; without one, the load and the signal stay steady.
  auto is_still = [&](std::size_t j) {
    if (with_gyro) return (*hints.foot_gyro_dps)[j] < still_foot_dps;
    if (with_load && j > 0)
      return std::abs((*hints.total_load_bw)[j] - (*hints.total_load_bw)[j - 1]) < steady_bw &&
             std::abs(signal[j] - signal[j - 1]) < steady_bw;
    return false;
  };
  double rest = NaN;
  std::size_t rest_at = 0;  // slow sample where the rest was last set
  bool open = false;
  Excursion cur{};
  std::size_t calm = 0, still = 0;
  double still_sum = 0.0;
  for (std::size_t j = 0; j < signal.size(); ++j) {
    const double v = signal[j];
    if (!idle[j] || !std::isfinite(v)) {
      open = false;  // an excursion cut by walking or missing data is not counted
      rest = NaN;
      still = 0;
      continue;
    }
    if (!std::isfinite(rest)) {
      rest = v;
      rest_at = j;
      continue;
    }
    const double d = v - rest;
    if (!open) {
      if (std::abs(d) >= start_level) {
        open = true;
        cur = Excursion{j, j, {}, rest};
        calm = still = 0;
        still_sum = 0.0;
        // Start at the last near-rest sample before, so the lobe's rise is inside.
        cur.begin = j > 0 ? j - 1 : j;
        cur.dev.push_back(j > 0 && std::isfinite(signal[j - 1]) ? signal[j - 1] - rest : 0.0);
        cur.dev.push_back(d);
      } else {
        rest += gain * d;
        rest_at = j;  // the rest is where the signal is now
      }
      continue;
    }
    cur.dev.push_back(d);
    calm = std::abs(d) < end_level ? calm + 1 : 0;
    if ((with_gyro || with_load) && is_still(j)) {
      ++still;
      still_sum += v;
    } else {
      still = 0;
      still_sum = 0.0;
    }
    bool settled = false;
    if (still >= settle_count) {
      const double level = still_sum / static_cast<double>(still);
      const double tilt = hints.leg ? shank_tilt_between(*hints.leg, rest_at, j) : NaN;
      const bool flat_known = std::isfinite(hints.flat_level);
      const double load_change = with_load ? std::abs((*hints.total_load_bw)[j] - (*hints.total_load_bw)[rest_at]) : NaN;
      settled = (flat_known && std::abs(level - hints.flat_level) <= flat_tolerance) ||
                (flat_known && level - hints.flat_level >= raised_level && still >= raised_count) ||
                (std::isfinite(tilt) && tilt >= posture_change_deg) ||
                (std::isfinite(load_change) && load_change >= posture_change_bw) || still >= long_count;
      if (settled && std::abs(level - rest) < end_level) settled = false;  // the old rest: the calm rule ends it
      if (settled) {
        // The excursion ends where the foot came to rest; the rest is the new level.
        cur.dev.resize(cur.dev.size() - still);
        cur.end = cur.begin + cur.dev.size();
        if (cur.dev.size() > 1) out.push_back(std::move(cur));
        open = false;
        rest = level;
        rest_at = j;
        continue;
      }
    }
    if (calm >= end_count || cur.dev.size() >= max_count) {
      cur.end = cur.begin + cur.dev.size();
      out.push_back(std::move(cur));
      open = false;
      rest = v;  // continue from where the signal settled
      rest_at = j;
    }
  }
  return out;
}

struct Lobe {
  std::size_t begin, end;  // indices into the excursion's dev, [begin, end)
  double peak;             // signed extreme
  std::size_t peak_at;
};

/// Runs of dev beyond +-level (sign changes split them; samples within +-level separate lobes).
std::vector<Lobe> lobes(const std::vector<double>& dev, double level) {
  std::vector<Lobe> out;
  for (std::size_t k = 0; k < dev.size();) {
    if (std::abs(dev[k]) < level) {
      ++k;
      continue;
    }
    const double sign = dev[k] > 0 ? 1.0 : -1.0;
    std::size_t m = k;
    Lobe lobe{k, k, dev[k], k};
    while (m < dev.size() && sign * dev[m] >= level) {
      if (sign * dev[m] > sign * lobe.peak) lobe.peak = dev[m], lobe.peak_at = m;
      ++m;
    }
    lobe.end = m;
    out.push_back(lobe);
    k = m;
  }
  return out;
}

/// Time (s from the excursion start) where |dev| crosses `level` between samples a and b (linear).
double crossing(const std::vector<double>& dev, std::size_t a, std::size_t b, double level, double rate_hz) {
  const double da = std::abs(dev[a]), db = std::abs(dev[b]);
  const double f = db != da ? std::clamp((level - da) / (db - da), 0.0, 1.0) : 0.0;
  return (static_cast<double>(a) + f * (static_cast<double>(b) - static_cast<double>(a))) / rate_hz;
}

/// One repetition from a lobe of depth |peak|: start and end at 10 % of it, the top from the first to
/// the last 90 % (rise and fall times of 10-90 %, as for any step response).
Repetition repetition(const std::vector<double>& dev, const Lobe& lobe, double t0_s, double rate_hz) {
  const double depth = std::abs(lobe.peak);
  const double low = 0.1 * depth, high = 0.9 * depth;
  std::size_t s = lobe.peak_at, e = lobe.peak_at;
  while (s > 0 && std::abs(dev[s - 1]) >= low && (dev[s - 1] > 0) == (lobe.peak > 0)) --s;
  while (e + 1 < dev.size() && std::abs(dev[e + 1]) >= low && (dev[e + 1] > 0) == (lobe.peak > 0)) ++e;
  std::size_t top_first = lobe.peak_at, top_last = lobe.peak_at;
  for (std::size_t k = s; k <= e; ++k)
    if (std::abs(dev[k]) >= high) {
      top_first = std::min(top_first, k);
      top_last = std::max(top_last, k);
    }
  Repetition rep;
  rep.start_s = t0_s + (s > 0 ? crossing(dev, s - 1, s, low, rate_hz) : static_cast<double>(s) / rate_hz);
  rep.end_s = t0_s + (e + 1 < dev.size() ? crossing(dev, e, e + 1, low, rate_hz) : static_cast<double>(e) / rate_hz);
  const double top_start = t0_s + (top_first > 0 ? crossing(dev, top_first - 1, top_first, high, rate_hz) : static_cast<double>(top_first) / rate_hz);
  const double top_end = t0_s + (top_last + 1 < dev.size() ? crossing(dev, top_last, top_last + 1, high, rate_hz) : static_cast<double>(top_last) / rate_hz);
  rep.top_s = top_start;
  rep.amplitude = depth;
  rep.hold_s = std::max(0.0, top_end - top_start);
  rep.lowering_s = std::max(0.0, rep.end_s - top_end);
  return rep;
}

struct Candidate {
  ExerciseKind kind;
  Side side;
  Repetition rep;
  std::string unit, source;
};

bool has_contact(const std::vector<double>& contacts, double a, double b) {
  const auto it = std::lower_bound(contacts.begin(), contacts.end(), a - contact_margin_s);
  return it != contacts.end() && *it <= b + contact_margin_s;
}

Posture posture_at(const std::vector<PosturePeriod>& postures, double t) {
  const auto it = std::upper_bound(postures.begin(), postures.end(), t,
                                   [](double v, const PosturePeriod& p) { return v < p.start_s; });
  if (it == postures.begin()) return Posture::Unknown;
  const PosturePeriod& p = *(it - 1);
  return t < p.end_s ? p.posture : Posture::Unknown;
}

ExerciseKind heel_raise_kind(Posture p) {
  if (p == Posture::Standing || p == Posture::Upright) return ExerciseKind::CalfRaise;
  if (p == Posture::Unknown) return ExerciseKind::HeelRaise;
  return ExerciseKind::SeatedToePush;
}

double median_between(const std::vector<double>& v, std::size_t a, std::size_t b) {
  if (v.empty()) return NaN;
  return median_of(std::vector<double>(v.begin() + static_cast<std::ptrdiff_t>(a), v.begin() + static_cast<std::ptrdiff_t>(std::min(b, v.size()))));
}

/// Heel raises and ankle pumps of one foot from its pitch.
void from_foot_pitch(const SlowSignals& slow, const LegSignals& leg, const std::vector<bool>& idle,
                     const std::vector<PosturePeriod>& postures, const ExerciseParams& p, std::vector<Candidate>& out) {
  const double rate = slow.rate_hz;
  const double smallest = std::min(p.min_heel_raise_deg, p.min_pump_deg);
  RestHints hints;
  hints.foot_gyro_dps = &leg.foot_gyro_dps;
  hints.leg = &leg;
  hints.flat_level = leg.foot_flat_pitch_deg;
  for (const Excursion& x : excursions(leg.foot_pitch_deg, idle, rate, start_fraction * smallest, hints)) {
    const double t0 = slow.time(x.begin);
    const double t1 = slow.time(x.end);
    if (has_contact(leg.contact_s, t0, t1)) continue;  // a step, not an exercise
    const std::vector<Lobe> all = lobes(x.dev, 0.5 * smallest);

    std::vector<Lobe> up, down;
    for (const Lobe& l : all) {
      if (l.peak >= p.min_pump_deg) up.push_back(l);
      if (l.peak <= -p.min_pump_deg) down.push_back(l);
    }
    const bool raised = x.rest - hints.flat_level >= raised_level;  // the foot in the air: no heel raise possible
    if ((!up.empty() && !down.empty()) || (raised && (!up.empty() || !down.empty()))) {
      // Ankle pumps: the foot goes both ways; the whole leg must stay still.
      if (median_between(leg.shank_gyro_dps, x.begin, x.end) > still_shank_dps) continue;
      const std::vector<Lobe>& counted = down.size() >= up.size() ? down : up;
      const std::vector<Lobe>& other = &counted == &down ? up : down;
      for (const Lobe& l : counted) {
        Repetition rep = repetition(x.dev, l, t0, rate);
        // Amplitude: half the peak-to-peak swing between this lobe and the nearest opposite one
        // (the rest when there is none: a pump re-based at one end of its swing).
        double opposite = 0.0, best = INFINITY;
        for (const Lobe& o : other) {
          const double gap = std::abs(static_cast<double>(o.peak_at) - static_cast<double>(l.peak_at));
          if (gap < best) best = gap, opposite = o.peak;
        }
        rep.amplitude = 0.5 * std::abs(l.peak - opposite);
        rep.hold_s = NaN;
        rep.lowering_s = NaN;
        out.push_back({ExerciseKind::AnklePump, leg.side, rep, "deg", "foot_imu"});
      }
      continue;
    }
    for (const Lobe& l : down) {
      if (l.peak > -p.min_heel_raise_deg) continue;
      Repetition rep = repetition(x.dev, l, t0, rate);
      if (rep.end_s - rep.start_s < p.min_rep_s || rep.end_s - rep.start_s > p.max_rep_s) continue;
      out.push_back({heel_raise_kind(posture_at(postures, rep.top_s)), leg.side, rep, "deg", "foot_imu"});
    }
  }
}

/// Heel raises (heel unloaded, forefoot loaded) and isometric holds (added forefoot load, heel kept)
/// of one insole.
void from_insole(const SlowSignals& slow, const LegSignals& leg, const std::vector<bool>& idle,
                 const std::vector<PosturePeriod>& postures, const ExerciseParams& p, bool heel_raises,
                 std::vector<Candidate>& out) {
  const double rate = slow.rate_hz;
  RestHints hints;
  hints.foot_gyro_dps = &leg.foot_gyro_dps;
  hints.leg = &leg;
  hints.total_load_bw = &leg.total_load_bw;
  // Heel raises: the heel load drops (a negative lobe of the heel load below its rest level).
  if (heel_raises) {
    for (const Excursion& x : excursions(leg.heel_load_bw, idle, rate, 0.02, hints)) {
      const double t0 = slow.time(x.begin), t1 = slow.time(x.end);
      if (has_contact(leg.contact_s, t0, t1)) continue;
      for (const Lobe& l : lobes(x.dev, 0.01)) {
        if (l.peak > 0) continue;  // the heel loaded more: not a raise
        const std::size_t at = x.begin + l.peak_at;
        const double heel_top = leg.heel_load_bw[at], heel_rest = heel_top - l.peak;
        // A raise empties the heel (below a quarter of its rest load) with the forefoot on the floor.
        if (!(heel_rest > 0.02) || heel_top > 0.25 * heel_rest || !(leg.forefoot_load_bw[at] > 0.03)) continue;
        Repetition rep = repetition(x.dev, l, t0, rate);
        if (rep.end_s - rep.start_s < p.min_rep_s || rep.end_s - rep.start_s > p.max_rep_s) continue;
        rep.amplitude = leg.forefoot_load_bw[at];  // what the forefoot carries at the top
        out.push_back({heel_raise_kind(posture_at(postures, rep.top_s)), leg.side, rep, "bw", "insole"});
      }
    }
  }
  // Isometric holds: added forefoot load, heel kept loaded, foot still (when a foot IMU says so).
  for (const Excursion& x : excursions(leg.forefoot_load_bw, idle, rate, 0.5 * p.min_forefoot_hold_bw, hints)) {
    const double t0 = slow.time(x.begin), t1 = slow.time(x.end);
    if (has_contact(leg.contact_s, t0, t1)) continue;
    for (const Lobe& l : lobes(x.dev, 0.5 * p.min_forefoot_hold_bw)) {
      if (l.peak < p.min_forefoot_hold_bw) continue;
      Repetition rep = repetition(x.dev, l, t0, rate);
      if (rep.hold_s < p.min_hold_s || rep.end_s - rep.start_s > p.max_rep_s) continue;
      const std::size_t ga = x.begin + l.begin, gb = x.begin + l.end;
      const double heel_before = median_between(leg.heel_load_bw, x.begin > 10 ? x.begin - 10 : 0, x.begin);
      if (!(median_between(leg.heel_load_bw, ga, gb) >= 0.5 * heel_before)) continue;  // a heel raise, not a hold
      if (median_between(leg.foot_gyro_dps, ga, gb) > 10.0) continue;  // the foot moves
      out.push_back({ExerciseKind::IsometricHold, leg.side, rep, "bw", "insole"});
    }
  }
}

ExerciseSet make_set(const std::vector<Candidate>& reps, std::size_t a, std::size_t b) {
  ExerciseSet set;
  set.kind = reps[a].kind;
  set.side = reps[a].side;
  set.amplitude_unit = reps[a].unit;
  set.source = reps[a].source;
  std::vector<double> amp, hold, lower;
  for (std::size_t k = a; k < b; ++k) {
    set.reps.push_back(reps[k].rep);
    amp.push_back(reps[k].rep.amplitude);
    hold.push_back(reps[k].rep.hold_s);
    lower.push_back(reps[k].rep.lowering_s);
  }
  set.start_s = set.reps.front().start_s;
  set.end_s = set.reps.back().end_s;
  set.repetitions = static_cast<int>(set.reps.size());
  set.median_amplitude = median_of(amp);
  set.median_hold_s = median_of(hold);
  set.median_lowering_s = median_of(lower);
  const double span = set.reps.back().start_s - set.reps.front().start_s;
  if (set.repetitions >= 2 && span > 0) set.tempo_reps_per_min = 60.0 * (set.repetitions - 1) / span;
  return set;
}

}  // namespace

std::vector<ExerciseSet> detect_exercises(const SlowSignals& slow, const std::vector<bool>& idle,
                                          const std::vector<PosturePeriod>& postures, const ExerciseParams& params) {
  std::vector<Candidate> candidates;
  for (const LegSignals& leg : slow.legs) {
    const bool pitch = !leg.foot_pitch_deg.empty();
    if (pitch) from_foot_pitch(slow, leg, idle, postures, params, candidates);
    // The insole counts heel raises only where no foot IMU measures them in degrees.
    if (!leg.forefoot_load_bw.empty()) from_insole(slow, leg, idle, postures, params, !pitch, candidates);
  }
  // Sets: repetitions of one kind and side, each within max_rep_gap_s of the previous.
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& x, const Candidate& y) {
    if (x.kind != y.kind) return x.kind < y.kind;
    if (x.side != y.side) return x.side < y.side;
    return x.rep.start_s < y.rep.start_s;
  });
  std::vector<ExerciseSet> sets;
  for (std::size_t a = 0; a < candidates.size();) {
    std::size_t b = a + 1;
    while (b < candidates.size() && candidates[b].kind == candidates[a].kind && candidates[b].side == candidates[a].side &&
           candidates[b].rep.start_s - candidates[b - 1].rep.end_s <= params.max_rep_gap_s)
      ++b;
    if (static_cast<int>(b - a) >= params.min_set_reps) sets.push_back(make_set(candidates, a, b));
    a = b;
  }
  // Both legs together (a calf raise lifts both heels): one set, counted once, from the leg that saw
  // more repetitions.
  std::sort(sets.begin(), sets.end(), [](const ExerciseSet& x, const ExerciseSet& y) { return x.start_s < y.start_s; });
  std::vector<ExerciseSet> merged;
  std::vector<bool> used(sets.size(), false);
  for (std::size_t i = 0; i < sets.size(); ++i) {
    if (used[i]) continue;
    ExerciseSet set = sets[i];
    for (std::size_t j = i + 1; j < sets.size() && sets[j].start_s < set.end_s; ++j) {
      if (used[j] || sets[j].kind != set.kind || sets[j].side == set.side) continue;
      const double shared = overlap_s(set.start_s, set.end_s, sets[j].start_s, sets[j].end_s);
      const double shorter = std::min(set.end_s - set.start_s, sets[j].end_s - sets[j].start_s);
      if (shorter <= 0 || shared < 0.5 * shorter) continue;
      if (sets[j].repetitions > set.repetitions) set = sets[j];
      set.side.reset();
      used[j] = true;
    }
    merged.push_back(std::move(set));
  }
  return merged;
}

}  // namespace secondheart::activity::detail
