// IMU readers on the real recordings of the data root ($SECONDHEART_DATA, default ../shared/data).
// Each case is reported as skipped by ctest (support/data.hpp) when its dataset is absent. Expected values come from each
// dataset's SOURCE.md (sample counts, rates, standing acceleration, stride counts) or were counted
// on the raw files with a separate tool (pandas) and are written next to the check.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "secondheart/io/imu_readers.hpp"
#include "support/data.hpp"

using namespace secondheart;
namespace fs = std::filesystem;

namespace {

/// The dataset folder, or an empty path (the caller returns; ctest reports the case as skipped).
fs::path dataset(const std::string& name) { return test::dataset_path(name); }

Eigen::RowVector3d mean_rows(const Vec3Series& x, Index begin, Index end) {
  return x.middleRows(begin, end - begin).colwise().mean();
}

}  // namespace

TEST_CASE("gaitmap example: both feet, 204.8 Hz, 7928 samples, standing acceleration of SOURCE.md", "[data]") {
  const fs::path dir = dataset("gaitmap_example");
  if (dir.empty()) return;
  const Session s = io::read_gaitmap_csv((dir / "imu_sample.csv").string());
  REQUIRE(s.imus.size() == 2);
  const ImuRecording* left = s.imu(Placement::Foot, Side::Left);
  const ImuRecording* right = s.imu(Placement::Foot, Side::Right);
  REQUIRE(left != nullptr);
  REQUIRE(right != nullptr);
  CHECK(left->sampling_rate_hz == 204.8);
  CHECK(left->size() == 7928);
  CHECK(left->duration_s() == Approx(38.71).margin(0.01));
  CHECK(left->frame == AxesFrame::Segment);
  CHECK(left->acc_mps2.allFinite());
  // SOURCE.md: first ~0.5 s standing, left acc ≈ [0.89, 2.73, 9.42], right ≈ [0.34, −2.38, 9.51] m/s².
  const Eigen::RowVector3d l = mean_rows(left->acc_mps2, 0, 102), r = mean_rows(right->acc_mps2, 0, 102);
  CHECK(l(0) == Approx(0.89).margin(0.01));
  CHECK(l(1) == Approx(2.73).margin(0.01));
  CHECK(l(2) == Approx(9.42).margin(0.01));
  CHECK(r(0) == Approx(0.34).margin(0.01));
  CHECK(r(1) == Approx(-2.38).margin(0.01));
  CHECK(r(2) == Approx(9.51).margin(0.01));
  // Swing-phase gyro peaks 400–720 deg/s (SOURCE.md): deg/s, not rad/s.
  CHECK(left->gyr_dps.cwiseAbs().maxCoeff() > 400.0);
  CHECK(left->gyr_dps.cwiseAbs().maxCoeff() < 1000.0);
}

TEST_CASE("gaitmap example: other layouts (102.4 Hz, single foot, index in seconds)", "[data]") {
  const fs::path dir = dataset("gaitmap_example");
  if (dir.empty()) return;
  io::GaitmapCsvOptions o;
  o.sampling_rate_hz = 102.4;
  const Session ic = io::read_gaitmap_csv((dir / "imu_sample_ic_stride.csv").string(), o);
  REQUIRE(ic.imus.size() == 2);
  CHECK(ic.imus[0].size() == 4053);
  CHECK(ic.imus[0].duration_s() == Approx(39.6).margin(0.05));

  o.side = Side::Right;
  const Session ms = io::read_gaitmap_csv((dir / "imu_sample_ms_right.csv").string(), o);
  REQUIRE(ms.imus.size() == 1);
  CHECK(ms.imus[0].side == Side::Right);
  CHECK(ms.imus[0].size() == 7000);

  const Session up = io::read_gaitmap_csv((dir / "imu_sample_healthy_stair_up.csv").string());
  REQUIRE(up.imus.size() == 2);
  CHECK(up.imus[0].size() == 5130);
  CHECK(up.imus[0].sampling_rate_hz == Approx(204.8).epsilon(1e-9));
  // Starts pitched: acc ≈ (−7.5, 0.8, 6.2) (SOURCE.md).
  CHECK(up.imus[0].acc_mps2(0, 0) == Approx(-7.49).margin(0.01));

  io::GaitmapCsvOptions raw;
  raw.frame = AxesFrame::Sensor;
  const Session nr = io::read_gaitmap_csv((dir / "imu_sample_not_rotated.csv").string(), raw);
  CHECK(nr.imus[0].frame == AxesFrame::Sensor);
  // Same samples, rotated: the norm of the acceleration is unchanged.
  const Session fsf = io::read_gaitmap_csv((dir / "imu_sample.csv").string());
  CHECK(nr.imus[0].acc_mps2.row(1000).norm() == Approx(fsf.imus[0].acc_mps2.row(1000).norm()).epsilon(1e-6));
}

TEST_CASE("gaitmap example: reference stride lists (57 event strides, 58 hand-labelled borders)", "[data]") {
  const fs::path dir = dataset("gaitmap_example");
  if (dir.empty()) return;
  const io::GaitmapStrideList ev = io::read_gaitmap_strides((dir / "stride_events_sample.csv").string());
  CHECK(ev.strides.size() == 57);
  CHECK(ev.of_side(Side::Left).size() == 28);
  CHECK(ev.of_side(Side::Right).size() == 29);
  // Order within a stride (SOURCE.md): pre_ic < start = min_vel < tc < ic <= end.
  for (const auto& s : ev.strides) {
    CHECK(s.pre_ic < s.start);
    CHECK(s.min_vel == s.start);
    CHECK(s.fc > s.min_vel);
    CHECK(s.ic > s.fc);
    CHECK(s.ic <= s.end);
  }
  CHECK(ev.strides.front().ic == 657);
  CHECK(ev.strides.front().fc == 586);
  const auto events = ev.events();
  REQUIRE(events.size() == 2);
  CHECK(events[0].fc.size() == 28);
  CHECK(events[0].ic.size() == 29);  // pre_ic of the first stride + 28 ic
  // Median IC->IC stride time 1.09 s on both feet (SOURCE.md).
  std::vector<double> stride_s;
  for (std::size_t i = 1; i < events[0].ic.size(); ++i)
    stride_s.push_back(static_cast<double>(events[0].ic[i] - events[0].ic[i - 1]) / 204.8);
  std::nth_element(stride_s.begin(), stride_s.begin() + static_cast<std::ptrdiff_t>(stride_s.size() / 2), stride_s.end());
  CHECK(stride_s[stride_s.size() / 2] == Approx(1.09).margin(0.01));

  const io::GaitmapStrideList borders = io::read_gaitmap_strides((dir / "stride_borders_sample.csv").string());
  CHECK(borders.strides.size() == 58);
  CHECK(borders.of_side(Side::Left).size() == 28);
  CHECK(borders.of_side(Side::Right).size() == 30);
  CHECK(borders.strides.back().end - borders.strides.back().start == 307);  // right s_id 57
}

TEST_CASE("voisard: trial 1-1, gaps on the packet grid, rad/s converted, swings as events", "[data]") {
  const fs::path dir = dataset("voisard_healthy_imu/GaitData");
  if (dir.empty()) return;
  const io::ImuFileContents t = io::read_voisard((dir / "1-1.json").string());
  REQUIRE(t.session.imus.size() == 2);
  const ImuRecording& lf = t.session.imus[0];
  const ImuRecording& rf = t.session.imus[1];
  CHECK(lf.side == Side::Left);
  CHECK(rf.side == Side::Right);
  CHECK(lf.sampling_rate_hz == 100.0);
  CHECK(lf.frame == AxesFrame::Sensor);
  // 2913 rows per foot; last packet 2998 (left) and 3044 (right): 86 and 132 dropped packets.
  CHECK(lf.size() == 2999);
  CHECK(rf.size() == 3045);
  CHECK(t.missing_samples == std::vector<Index>{86, 132});
  CHECK(t.duplicate_rows == std::vector<Index>{0, 0});
  Index nan_rows = 0;
  for (Index i = 0; i < lf.size(); ++i) nan_rows += lf.acc_mps2.row(i).hasNaN() ? 1 : 0;
  CHECK(nan_rows == 86);
  // Standing at the start: |a| ≈ 9.8–10.3 m/s² (first 50 packets: (5.06, 0.43, 8.93)).
  CHECK(lf.acc_mps2.topRows(50).colwise().mean()(0) == Approx(5.062).margin(0.005));
  CHECK(lf.acc_mps2.row(0).norm() == Approx(10.27).margin(0.05));
  // Gyro: max Gyr_Y 7.4328 rad/s = 425.9 deg/s.
  double max_gy = -1e9;
  for (Index i = 0; i < lf.size(); ++i)
    if (!std::isnan(lf.gyr_dps(i, 1))) max_gy = std::max(max_gy, lf.gyr_dps(i, 1));
  CHECK(max_gy == Approx(7.432815 * rad_to_deg).epsilon(1e-6));
  // Metadata: 49 y, 175 cm, 75 kg; 17 left and 18 right swings; walk [459, 2464]; U-turn [1316, 1474].
  CHECK(t.session.subject.age_years == 49.0);
  CHECK(t.session.subject.height_m == Approx(1.75));
  CHECK(t.session.subject.body_mass_kg == 75.0);
  REQUIRE(t.reference_events.size() == 2);
  CHECK(t.reference_events[0].fc.size() == 17);
  CHECK(t.reference_events[0].ic.size() == 17);
  CHECK(t.reference_events[1].fc.size() == 18);
  CHECK(t.reference_events[0].fc.front() == 527);
  CHECK(t.reference_events[0].ic.front() == 574);
  CHECK(t.walks.front().begin == 459);
  CHECK(t.walks.front().end == 2465);
  CHECK(t.turns.front().begin == 1316);
}

TEST_CASE("voisard: repeated packet counter (11-1), unknown weight (2-1), all dev trials read", "[data]") {
  const fs::path dir = dataset("voisard_healthy_imu/GaitData");
  if (dir.empty()) return;
  const io::ImuFileContents t = io::read_voisard((dir / "11-1_lf.txt").string());
  CHECK(t.duplicate_rows == std::vector<Index>{1, 1});
  CHECK(t.session.imus[0].size() == 2504);
  CHECK(t.missing_samples == std::vector<Index>{65, 80});
  // Packet 308 is written twice; the first row (Acc_X 8.432465) is kept.
  CHECK(t.session.imus[0].acc_mps2(308, 0) == Approx(8.432465));

  const io::ImuFileContents two = io::read_voisard((dir / "2-1").string());
  CHECK_FALSE(two.session.subject.body_mass_kg.has_value());
  CHECK(two.session.subject.height_m == Approx(1.67));

  Index trials = 0, left_swings = 0, right_swings = 0;
  for (int subject = 1; subject <= 12; ++subject)
    for (int trial = 1; trial <= 2; ++trial) {
      const std::string stem = std::to_string(subject) + "-" + std::to_string(trial);
      if (!fs::exists(dir / (stem + ".json"))) continue;
      const io::ImuFileContents c = io::read_voisard((dir / stem).string());
      ++trials;
      left_swings += static_cast<Index>(c.reference_events[0].fc.size());
      right_swings += static_cast<Index>(c.reference_events[1].fc.size());
      for (const auto& rec : c.session.imus) {
        CHECK(rec.sampling_rate_hz == 100.0);
        double peak = 0.0;  // NaN rows are dropped packets
        for (Index i = 0; i < rec.size(); ++i)
          if (!std::isnan(rec.gyr_dps(i, 1))) peak = std::max(peak, std::abs(rec.gyr_dps(i, 1)));
        CHECK(peak > 200.0);  // deg/s after conversion (mid-swing peaks are 4–7 rad/s)
      }
    }
  if (trials == 24) {  // SOURCE.md: left 417 TO + 417 HS, right 418 + 418
    CHECK(left_swings == 417);
    CHECK(right_swings == 418);
  }
}

TEST_CASE("movingreality: four IMUs at 100 Hz, the one missing sample of pp07 stays NaN", "[data]") {
  const fs::path dir = dataset("movingreality_stroke_imu");
  if (dir.empty()) return;
  SubjectInfo pp07;  // SOURCE.md participant table
  pp07.age_years = 69;
  pp07.body_mass_kg = 90;
  pp07.height_m = 1.83;
  const Session s = io::read_movingreality((dir / "pp07_1Reg.csv").string(), pp07);
  REQUIRE(s.imus.size() == 4);
  CHECK(s.subject.body_mass_kg == 90.0);
  for (const auto& rec : s.imus) {
    CHECK(rec.sampling_rate_hz == 100.0);
    CHECK(rec.size() == 12553);
  }
  const ImuRecording* ls = s.imu(Placement::Shank, Side::Left);
  REQUIRE(ls != nullptr);
  CHECK(std::isnan(ls->acc_mps2(12552, 0)));
  CHECK(ls->acc_mps2.topRows(12552).allFinite());
  CHECK(s.imu(Placement::Foot, Side::Right)->acc_mps2.allFinite());

  const Session pp02 = io::read_movingreality((dir / "pp02_1Reg.csv").string());
  CHECK(pp02.imus[0].size() == 12246);
  CHECK(pp02.imus[0].duration_s() == Approx(122.46));
  // Mean of the first 100 samples of the left foot (pandas): (6.635, −1.231, 7.124) m/s².
  const Eigen::RowVector3d m = mean_rows(pp02.imus[0].acc_mps2, 0, 100);
  CHECK(m(0) == Approx(6.635229).margin(1e-4));
  CHECK(m(1) == Approx(-1.231422).margin(1e-4));
  CHECK(m(2) == Approx(7.124148).margin(1e-4));
}
