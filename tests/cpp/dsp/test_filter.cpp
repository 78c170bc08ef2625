#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

#include "secondheart/dsp/filter.hpp"

using namespace secondheart;
using namespace secondheart::dsp;
using Catch::Matchers::Contains;

namespace {
double gain_db(const SosFilter& f, double hz, double fs) { return 20.0 * std::log10(std::abs(frequency_response(f, hz, fs))); }
Series sine(Index n, double hz, double fs, double phase = 0.0) {
  Series s(n);
  for (Index i = 0; i < n; ++i) s[i] = std::sin(2.0 * std::numbers::pi * hz * static_cast<double>(i) / fs + phase);
  return s;
}
}  // namespace

TEST_CASE("Butterworth gain is -3.01 dB at the cutoff for orders 1..8") {
  for (double fs : {50.0, 100.0, 128.0, 1000.0}) {
    for (int order = 1; order <= 8; ++order) {
      const double fc = fs / 10.0;
      const SosFilter lp = butterworth(order, fc, fs);
      const SosFilter hp = butterworth(order, fc, fs, FilterType::HighPass);
      CHECK(lp.sos.rows() == (order + 1) / 2);
      CHECK(gain_db(lp, fc, fs) == Approx(-3.0103).margin(0.1));
      CHECK(gain_db(hp, fc, fs) == Approx(-3.0103).margin(0.1));
      CHECK(gain_db(lp, 0.0, fs) == Approx(0.0).margin(1e-9));                 // passband
      CHECK(gain_db(hp, fs / 2.0 * 0.999, fs) == Approx(0.0).margin(1e-3));
      // Stopband: one decade above the cutoff a Butterworth falls at least 20 dB per order (bilinear helps).
      CHECK(gain_db(lp, std::min(0.49 * fs, 4.0 * fc), fs) < -12.0 * order * 0.9);
      for (Index s = 0; s < lp.sos.rows(); ++s) CHECK(lp.sos(s, 3) == 1.0);
    }
  }
}

TEST_CASE("Band filters: -3 dB at both edges, unit gain at the centre") {
  const double fs = 100.0;
  for (int order = 1; order <= 6; ++order) {
    const SosFilter bp = butterworth_band(order, 2.0, 15.0, fs);
    const SosFilter bs = butterworth_band(order, 2.0, 15.0, fs, FilterType::BandStop);
    CHECK(gain_db(bp, 2.0, fs) == Approx(-3.0103).margin(0.1));
    CHECK(gain_db(bp, 15.0, fs) == Approx(-3.0103).margin(0.1));
    CHECK(gain_db(bs, 2.0, fs) == Approx(-3.0103).margin(0.1));
    // Centre of the band in the pre-warped domain has unit gain for band-pass, zero for band-stop.
    const double wl = std::tan(std::numbers::pi * 2.0 / fs), wh = std::tan(std::numbers::pi * 15.0 / fs);
    const double centre = std::atan(std::sqrt(wl * wh)) * fs / std::numbers::pi;
    CHECK(std::abs(frequency_response(bp, centre, fs)) == Approx(1.0).epsilon(1e-9));
    CHECK(std::abs(frequency_response(bs, centre, fs)) < 1e-6);
    CHECK(gain_db(bs, 0.0, fs) == Approx(0.0).margin(1e-9));
  }
}

TEST_CASE("Coefficients equal scipy.signal.butter (values printed by scipy 1.17)") {
  const SosFilter f = butterworth(3, 10.0, 100.0);
  REQUIRE(f.sos.rows() == 2);
  CHECK(f.sos(0, 0) == Approx(0.01809893300751443).epsilon(1e-12));
  CHECK(f.sos(0, 4) == Approx(-0.5095254494944288).epsilon(1e-12));
  CHECK(f.sos(0, 5) == 0.0);
  CHECK(f.sos(1, 4) == Approx(-1.2505164308487402).epsilon(1e-12));
  CHECK(f.sos(1, 5) == Approx(0.5457233155094579).epsilon(1e-12));
  const SosFilter bs = butterworth_band(2, 2.0, 20.0, 100.0, FilterType::BandStop);
  REQUIRE(bs.sos.rows() == 2);
  CHECK(bs.sos(0, 1) == Approx(-0.7934652281219944).epsilon(1e-12));
  CHECK(bs.sos(1, 4) == Approx(-1.8256698996865246).epsilon(1e-12));
}

TEST_CASE("sosfilt equals the direct difference equation of each section") {
  const SosFilter f = butterworth(4, 8.0, 100.0);
  Series x = sine(300, 3.0, 100.0) + sine(300, 31.0, 100.0);
  x[17] += 5.0;  // an impulse too
  Series expected = x;
  for (Index s = 0; s < f.sos.rows(); ++s) {
    const Series in = expected;
    for (Index i = 0; i < in.size(); ++i) {
      auto at = [&](const Series& v, Index k) { return k >= 0 ? v[k] : 0.0; };
      expected[i] = f.sos(s, 0) * in[i] + f.sos(s, 1) * at(in, i - 1) + f.sos(s, 2) * at(in, i - 2) -
                    f.sos(s, 4) * at(expected, i - 1) - f.sos(s, 5) * at(expected, i - 2);
    }
  }
  const Series y = sosfilt(f, x);
  for (Index i = 0; i < x.size(); ++i) CHECK(y[i] == Approx(expected[i]).margin(1e-12));
}

TEST_CASE("long signals (two or four chains per section) equal the single-chain difference equation") {
  // Past four settling lengths a section runs as two chains, past eight as four, each later one
  // started from a zero state before its part; the output must equal one chain's to rounding, for
  // a fast low-pass and a slow high-pass, with an impulse in every chain's part.
  for (const SosFilter& f : {butterworth(2, 15.0, 100.0), butterworth(4, 0.5, 100.0, FilterType::HighPass)}) {
    Index settle = 0;  // the longest of the sections'
    for (Index s = 0; s < f.sos.rows(); ++s)
      settle = std::max(settle, dsp::detail::settling_samples(f.sos(s, 4) / f.sos(s, 3), f.sos(s, 5) / f.sos(s, 3)));
    REQUIRE(settle > 0);
    for (const Index n : {6 * settle + 1, Index{40003}}) {  // two chains, four (lengths not multiples of either)
      REQUIRE(n >= 4 * settle);
      Series x = sine(n, 1.3, 100.0) + 0.5 * sine(n, 23.0, 100.0) + Series::Constant(n, 2.0);
      for (const Index at : {n / 4 + 3, n / 2, 3 * n / 4 + 3, n - 5}) x[at] += 40.0;
      Series expected = x;  // transposed direct form II, one chain per section
      for (Index s = 0; s < f.sos.rows(); ++s) {
        double z0 = 0.0, z1 = 0.0;
        for (Index i = 0; i < n; ++i) {
          const double in = expected[i], out = f.sos(s, 0) * in + z0;
          z0 = f.sos(s, 1) * in - f.sos(s, 4) * out + z1;
          z1 = f.sos(s, 2) * in - f.sos(s, 5) * out;
          expected[i] = out;
        }
      }
      const Series y = sosfilt(f, x);
      CHECK((y - expected).cwiseAbs().maxCoeff() < 1e-9);
      // filtfilt: forwards then backwards; the reverse of the filtered reverse equals the backward pass.
      const Series z = filtfilt(f, x);
      CHECK(z.allFinite());
      if (n == 40003) CHECK(std::abs(z[n / 2] - filtfilt(f, Series(x.segment(n / 2 - 3000, 6000)))[3000]) < 1e-6);
    }
  }
}

TEST_CASE("filtfilt: constant stays constant, zero phase, gain |H|^2") {
  const SosFilter f = butterworth(4, 5.0, 100.0);
  const Series c = Series::Constant(500, 9.81);
  CHECK((filtfilt(f, c).array() - 9.81).abs().maxCoeff() < 1e-10);
  const Series hp = filtfilt(butterworth(3, 1.0, 100.0, FilterType::HighPass), c);
  CHECK(hp.cwiseAbs().maxCoeff() < 1e-10);
  // 4 Hz sine at 100 Hz, 20 s: peaks stay at the same samples and the amplitude is |H(4 Hz)|^2.
  const Series x = sine(2000, 4.0, 100.0, 0.3);
  const Series y = filtfilt(f, x);
  const double h2 = std::norm(frequency_response(f, 4.0, 100.0));
  for (Index i = 300; i < 1700; ++i) CHECK(y[i] == Approx(h2 * x[i]).margin(1e-6));
  // Lowpass on a Vec3Series filters columns independently.
  Vec3Series v(2000, 3);
  v.col(0) = x;
  v.col(1) = Series::Constant(2000, 9.81);
  v.col(2) = -x;
  const Vec3Series lv = lowpass(v, 5.0, 100.0);
  CHECK((lv.col(0) - lowpass(x, 5.0, 100.0)).cwiseAbs().maxCoeff() < 1e-12);
  CHECK((lv.col(2) + lv.col(0)).cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("filtfilt on signals shorter than the default padding") {
  const SosFilter f = butterworth(4, 5.0, 100.0);
  CHECK(filtfilt_default_padlen(f) == 15);
  CHECK(filtfilt_default_padlen(butterworth(3, 5.0, 100.0)) == 12);  // first-order section: one tap less
  const Series c = Series::Constant(6, 2.0);
  CHECK((filtfilt(f, c).array() - 2.0).abs().maxCoeff() < 1e-12);
  CHECK(filtfilt(f, Series::Constant(1, 3.0))[0] == Approx(3.0));
}

TEST_CASE("filter argument errors") {
  REQUIRE_THROWS_WITH(butterworth(0, 5.0, 100.0), Contains("order in 1..24") && Contains("got 0"));
  REQUIRE_THROWS_AS(butterworth(4, 5.0, 0.0), InvalidArgument);
  REQUIRE_THROWS_WITH(butterworth(4, 5.0, -1.0), Contains("sampling rate > 0") && Contains("got -1"));
  REQUIRE_THROWS_WITH(butterworth(4, 50.0, 100.0), Contains("Nyquist") && Contains("got 50"));
  REQUIRE_THROWS_WITH(butterworth(4, 0.0, 100.0), Contains("cutoff") && Contains("got 0"));
  REQUIRE_THROWS_WITH(butterworth(4, 5.0, 100.0, FilterType::BandPass), Contains("butterworth_band"));
  REQUIRE_THROWS_WITH(butterworth_band(2, 10.0, 5.0, 100.0), Contains("low band edge < high band edge"));
  REQUIRE_THROWS_WITH(butterworth_band(2, 1.0, 5.0, 100.0, FilterType::LowPass), Contains("BandPass or BandStop"));
  const SosFilter f = butterworth(2, 5.0, 100.0);
  REQUIRE_THROWS_WITH(filtfilt(f, Series()), Contains("non-empty") && Contains("got 0 samples"));
  REQUIRE_THROWS_WITH(sosfilt(f, Series()), Contains("non-empty"));
  Series x = Series::Ones(50);
  x[7] = NaN;
  REQUIRE_THROWS_WITH(filtfilt(f, x), Contains("finite samples") && Contains("sample 7"));
  REQUIRE_THROWS_WITH(lowpass(x, 5.0, 100.0), Contains("finite samples"));
  REQUIRE_THROWS_WITH(filtfilt(f, Series::Ones(9), 9), Contains("longer than the padding (9") && Contains("got 9"));
  REQUIRE_THROWS_WITH(filtfilt(SosFilter{}, Series::Ones(9)), Contains("at least one second-order section"));
  REQUIRE_THROWS_AS(frequency_response(f, 1.0, 0.0), InvalidArgument);
}
