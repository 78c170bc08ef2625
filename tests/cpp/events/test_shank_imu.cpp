// Shank-IMU events on a pitch-rate template whose IC and FC dips and mid-swing peaks sit at known
// times, and their robustness to amplitude, noise, sampling rate and pauses.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "secondheart/events/shank_imu.hpp"

using namespace secondheart;

namespace {

struct Template {
  Series rate_dps;
  std::vector<double> ic_s, fc_s, ms_s;  // times of the template's own features
};

double gauss(double t, double mu, double sigma) { return std::exp(-0.5 * (t - mu) * (t - mu) / (sigma * sigma)); }

/// Pitch rate of a shank walking `strides` strides of `stride_s` starting at `start_s`, with stance
/// 60 %: an IC dip (loading response), a slow forward rotation through stance, a deeper pre-swing
/// dip at FC, then the forward swing peaking mid-swing. Amplitudes scale with `scale`.
Template make_template(double fs, double duration_s, double start_s, int strides, double stride_s, double scale,
                       double noise_dps = 0.0, unsigned seed = 1) {
  const auto n = static_cast<Index>(duration_s * fs);
  Template tpl;
  tpl.rate_dps = Series::Zero(n);
  std::vector<double> ics;
  for (int k = 0; k <= strides; ++k) ics.push_back(start_s + k * stride_s);
  for (Index i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / fs;
    double v = 0.0;
    for (int k = 0; k < strides; ++k) {
      const double ic = ics[static_cast<std::size_t>(k)], fc = ic + 0.6 * stride_s, ms = fc + 0.2 * stride_s;
      v += -120.0 * gauss(t, ic, 0.025) - 60.0 * gauss(t, ic + 0.3 * stride_s, 0.12 * stride_s) -
           180.0 * gauss(t, fc, 0.04) + 350.0 * gauss(t, ms, 0.07 * stride_s);
    }
    // The last IC closes the last stride.
    v += -120.0 * gauss(t, ics.back(), 0.025);
    tpl.rate_dps[i] = scale * v;
  }
  // Feature times from the clean template, as the detector is specified to find them.
  const auto extreme_near = [&](double t, double half_s, bool maximum) {
    const auto c = static_cast<Index>(std::round(t * fs));
    const auto h = static_cast<Index>(std::round(half_s * fs));
    Index best = std::clamp<Index>(c, 0, n - 1);
    for (Index i = std::max<Index>(0, c - h); i <= std::min<Index>(n - 1, c + h); ++i)
      if (maximum ? tpl.rate_dps[i] > tpl.rate_dps[best] : tpl.rate_dps[i] < tpl.rate_dps[best]) best = i;
    return static_cast<double>(best) / fs;
  };
  for (int k = 0; k < strides; ++k) {
    const double ic = ics[static_cast<std::size_t>(k)];
    if (k > 0) tpl.ic_s.push_back(extreme_near(ic, 0.04, false));
    tpl.fc_s.push_back(extreme_near(ic + 0.6 * stride_s, 0.05, false));
    tpl.ms_s.push_back(extreme_near(ic + 0.8 * stride_s, 0.05, true));
  }
  tpl.ic_s.push_back(extreme_near(ics.back(), 0.04, false));
  if (noise_dps > 0) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> normal(0.0, noise_dps);
    for (Index i = 0; i < n; ++i) tpl.rate_dps[i] += normal(rng);
  }
  return tpl;
}

/// Every expected time has a detected event within `tolerance` samples, and nothing else was detected.
void check_events(const std::vector<Index>& detected, const std::vector<double>& expected_s, double fs,
                  double tolerance, const char* what) {
  CAPTURE(what, detected.size(), expected_s.size());
  REQUIRE(detected.size() == expected_s.size());
  for (std::size_t k = 0; k < detected.size(); ++k) {
    CAPTURE(k);
    CHECK(std::abs(static_cast<double>(detected[k]) - expected_s[k] * fs) <= tolerance);
  }
}

}  // namespace

TEST_CASE("shank events sit on the template's dips and peaks", "[events][shank]") {
  const double fs = 100.0;
  const Template tpl = make_template(fs, 40.0, 2.0, 30, 1.1, 1.0);
  const events::ShankEventResult result = events::detect_shank_events(tpl.rate_dps, fs, Side::Left);
  CHECK(result.events.side == Side::Left);
  CHECK(result.events.sampling_rate_hz == fs);
  check_events(result.events.ms, tpl.ms_s, fs, 1.0, "MS");
  check_events(result.events.fc, tpl.fc_s, fs, 1.0, "FC");
  // The swing before the first IC is not in the template, so IC k follows MS k.
  check_events(result.events.ic, tpl.ic_s, fs, 1.0, "IC");
  CHECK_THAT(result.stride_period_s, Catch::Matchers::WithinAbs(1.1, 0.011));
  CHECK(result.events.ho.empty());
  CHECK(result.flags.empty());
}

TEST_CASE("shank event thresholds follow the recording's amplitude and noise", "[events][shank]") {
  const double fs = 100.0;
  for (double scale : {0.2, 0.5, 2.0}) {
    const Template tpl = make_template(fs, 40.0, 2.0, 30, 1.0, scale, 2.0 * scale, 7);
    const events::ShankEventResult result = events::detect_shank_events(tpl.rate_dps, fs, Side::Right);
    CAPTURE(scale);
    check_events(result.events.ms, tpl.ms_s, fs, 2.0, "MS");
    check_events(result.events.fc, tpl.fc_s, fs, 2.0, "FC");
    check_events(result.events.ic, tpl.ic_s, fs, 2.0, "IC");
    // 0.2 x 350 = 70 deg/s swings: a leg that barely swings is flagged, not dropped.
    const bool small = std::any_of(result.flags.begin(), result.flags.end(),
                                   [](const QualityFlag& f) { return f.code == "shank_small_swing"; });
    CHECK(small == (scale < 0.3));
  }
}

TEST_CASE("shank events land at the same times at any sampling rate", "[events][shank]") {
  for (double fs : {50.0, 200.0, 1000.0}) {
    const Template tpl = make_template(fs, 30.0, 1.5, 20, 1.2, 1.0);
    const events::ShankEventResult result = events::detect_shank_events(tpl.rate_dps, fs, Side::Left);
    CAPTURE(fs);
    // One sample at 50 Hz, 10 ms at the higher rates.
    const double tolerance = std::max(1.0, 0.01 * fs);
    check_events(result.events.ms, tpl.ms_s, fs, tolerance, "MS");
    check_events(result.events.fc, tpl.fc_s, fs, tolerance, "FC");
    check_events(result.events.ic, tpl.ic_s, fs, tolerance, "IC");
  }
}

TEST_CASE("standing and pauses give no events", "[events][shank]") {
  const double fs = 100.0;
  Template a = make_template(fs, 20.0, 1.0, 10, 1.1, 1.0);
  const Template b = make_template(fs, 20.0, 3.0, 10, 1.1, 1.0);
  // 20 s walk, then 20 s of the second walk whose first 3 s are standing: a pause of ~5 s.
  Series joined(a.rate_dps.size() + b.rate_dps.size());
  joined << a.rate_dps, b.rate_dps;
  std::mt19937 rng(3);
  std::normal_distribution<double> normal(0.0, 1.5);
  for (Index i = 0; i < joined.size(); ++i) joined[i] += normal(rng);
  const events::ShankEventResult result = events::detect_shank_events(joined, fs, Side::Left);
  CHECK(result.events.ms.size() == 20);
  CHECK(result.events.fc.size() == 20);
  CHECK(result.events.ic.size() == 20);  // the IC that starts each walk has no swing before it
  for (Index ms : result.events.ms) CHECK((ms < 1300 || ms > 2300));
}

TEST_CASE("a still shank is flagged as no gait", "[events][shank]") {
  Series still = Series::Zero(3000);
  for (Index i = 0; i < still.size(); ++i) still[i] = 3.0 * std::sin(0.37 * static_cast<double>(i));
  const events::ShankEventResult result = events::detect_shank_events(still, 100.0, Side::Left);
  CHECK(result.events.ic.empty());
  CHECK(result.events.ms.empty());
  REQUIRE(result.flags.size() == 1);
  CHECK(result.flags[0].code == "no_gait");
}

TEST_CASE("shank event detection rejects bad arguments", "[events][shank]") {
  Series rate = Series::Zero(100);
  CHECK_THROWS_AS(events::detect_shank_events(Series(), 100.0, Side::Left), InvalidArgument);
  CHECK_THROWS_AS(events::detect_shank_events(rate, 0.0, Side::Left), InvalidArgument);
  rate[5] = NaN;
  CHECK_THROWS_WITH(events::detect_shank_events(rate, 100.0, Side::Left), Catch::Contains("sample 5"));
  events::ShankEventParams params;
  params.max_stride_s = 0.1;
  CHECK_THROWS_AS(events::detect_shank_events(Series::Zero(100), 100.0, Side::Left, params), InvalidArgument);
}

namespace {

/// A shank |acc| made of a smooth walking wave (1.5 m/s² at the stride frequency, well below the
/// transient cutoff) on 1 g plus a little sensor noise: no impact anywhere.
Vec3Series smooth_shank_acc(Index n, double fs, double stride_s, double noise_mps2, unsigned seed) {
  Vec3Series acc = Vec3Series::Zero(n, 3);
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0.0, noise_mps2);
  for (Index i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / fs;
    acc(i, 0) = 1.0 + normal(rng);
    acc(i, 1) = normal(rng);
    acc(i, 2) = 9.81 + 1.5 * std::sin(2.0 * M_PI * t / stride_s) + normal(rng);
  }
  return acc;
}

/// Adds a heel-strike transient along the shank whose last quiet sample is `onset`: |acc| first
/// sinks by 1 m/s² over the 4 samples before it (the terminal-swing deceleration), then jumps.
void add_impact(Vec3Series& acc, Index onset) {
  for (Index k = 1; k <= 4; ++k) acc(onset - k, 2) += 0.25 * static_cast<double>(k);
  const double jump[] = {9.0, 24.0, 14.0, 5.0, 1.5};
  for (Index k = 0; k < 5; ++k) acc(onset + 1 + k, 2) += jump[k];
}

}  // namespace

TEST_CASE("the contact-aligned IC is the onset of a known impact before the pitch-rate IC", "[events][shank]") {
  const double fs = 100.0;
  const Template tpl = make_template(fs, 40.0, 2.0, 30, 1.1, 1.0);
  events::ShankEventResult result = events::detect_shank_events(tpl.rate_dps, fs, Side::Left);
  REQUIRE(result.events.ic.size() == tpl.ic_s.size());
  Vec3Series acc = smooth_shank_acc(tpl.rate_dps.size(), fs, 1.1, 0.05, 11);
  // The heel strikes 30 ms before the pitch-rate minimum of each IC.
  std::vector<Index> truth;
  for (double ic_s : tpl.ic_s) truth.push_back(static_cast<Index>(std::round(ic_s * fs)) - 3);
  for (Index onset : truth) add_impact(acc, onset);
  // A missing sample inside one window: that IC gets no contact, the others keep theirs.
  acc.row(truth[5] + 2).setConstant(NaN);
  events::detect_shank_contacts(result, acc);
  truth.erase(truth.begin() + 5);
  CHECK(result.ic_contact == truth);
  CHECK(result.impact_noise_mps2 < 0.2);
  REQUIRE(result.flags.size() == 1);
  CHECK(result.flags[0].code == "shank_contact_missing");
  CHECK(result.events.ic.size() == tpl.ic_s.size());      // IC itself is unchanged
}

TEST_CASE("a shank signal without an impact gives no contact-aligned IC and a flag", "[events][shank]") {
  const double fs = 100.0;
  for (double noise : {0.0, 0.05, 0.5}) {
    CAPTURE(noise);
    const Template tpl = make_template(fs, 40.0, 2.0, 30, 1.1, 1.0);
    events::ShankEventResult result = events::detect_shank_events(tpl.rate_dps, fs, Side::Right);
    events::detect_shank_contacts(result, smooth_shank_acc(tpl.rate_dps.size(), fs, 1.1, noise, 5));
    CHECK(result.ic_contact.empty());
    REQUIRE(result.flags.size() == 1);
    CHECK(result.flags[0].code == "shank_contact_missing");
    CHECK(result.flags[0].severity == FlagSeverity::Info);  // no metric uses ic_contact
    CHECK(result.events.ic.size() == tpl.ic_s.size());
  }
  events::ShankEventResult result = events::detect_shank_events(make_template(fs, 10.0, 1.0, 5, 1.1, 1.0).rate_dps, fs,
                                                                Side::Left);
  CHECK_THROWS_AS(events::detect_shank_contacts(result, Vec3Series::Zero(10, 3)), InvalidArgument);
}
