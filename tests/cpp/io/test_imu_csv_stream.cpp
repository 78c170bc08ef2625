// A file streamed block by block (io::analyze_imu_csv_streaming): the strides are those of the foot
// streams fed the whole recording at once, whatever the block size, and close to the batch's.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "secondheart/io/imu_csv_stream.hpp"
#include "secondheart/pipeline/foot_imu.hpp"
#include "secondheart/stream/foot_imu_stream.hpp"
#include "secondheart/synth/walker.hpp"

using namespace secondheart;
namespace fs = std::filesystem;

namespace {

/// A synthetic walk's foot IMUs written as a MovingReality-style CSV (full precision).
std::string write_walk(const std::string& name, const Session& session) {
  const fs::path dir = fs::temp_directory_path() / "secondheart_imucsvstream";
  fs::create_directories(dir);
  const std::string path = (dir / name).string();
  std::FILE* out = std::fopen(path.c_str(), "wb");
  REQUIRE(out != nullptr);
  const ImuRecording* left = session.imu(Placement::Foot, Side::Left);
  const ImuRecording* right = session.imu(Placement::Foot, Side::Right);
  std::fputs("time_s", out);
  for (const char* side : {"left", "right"})
    for (const char* axis : {"acc_x_mps2", "acc_y_mps2", "acc_z_mps2", "gyr_x_dps", "gyr_y_dps", "gyr_z_dps"})
      std::fprintf(out, ",%s_foot_%s", side, axis);
  std::fputc('\n', out);
  for (Index i = 0; i < left->size(); ++i) {
    std::fprintf(out, "%.17g", static_cast<double>(i) / left->sampling_rate_hz);
    for (const ImuRecording* rec : {left, right})
      for (int a = 0; a < 6; ++a) std::fprintf(out, ",%.17g", a < 3 ? rec->acc_mps2(i, a) : rec->gyr_dps(i, a - 3));
    std::fputc('\n', out);
  }
  std::fclose(out);
  return path;
}

bool same_table(const CycleTable& a, const CycleTable& b) {
  if (a.rows() != b.rows() || a.columns != b.columns) return false;
  for (Index r = 0; r < a.rows(); ++r) {
    const Cycle &x = a.cycles[static_cast<std::size_t>(r)], &y = b.cycles[static_cast<std::size_t>(r)];
    if (x.side != y.side || x.ic != y.ic || x.next_ic != y.next_ic || x.fc != y.fc || x.status != y.status) return false;
    for (Index c = 0; c < a.values.cols(); ++c) {
      const double u = a.values(r, c), v = b.values(r, c);
      if (!(u == v || (std::isnan(u) && std::isnan(v)))) return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("imu csv streaming: block size does not change the strides, which are the streams' own") {
  synth::WalkerParams p;
  p.seed = 11;
  p.schedule = {{synth::ActivityKind::Stand, 3}, {synth::ActivityKind::Walk, 60}, {synth::ActivityKind::Stand, 3}};
  const synth::WalkResult walk = synth::walk(p);
  const std::string path = write_walk("walk.csv", walk.session);
  const Session read = io::read_movingreality(path);
  REQUIRE(read.imus.size() == 2);

  // Reference: one FootImuStream per foot fed the whole recording in one push.
  CycleTable reference;
  {
    stream::StreamUpdate all;
    for (const ImuRecording& rec : read.imus) {
      stream::FootImuStream s(rec.sampling_rate_hz, rec.side, {}, {}, rec.frame);
      all.append(s.push(rec.acc_mps2, rec.gyr_dps));
      all.append(s.close());
    }
    reference = all.strides;
  }
  REQUIRE(reference.rows() > 40);  // 60 s of walking: about 50 strides per foot

  for (const Index block : {Index{1000}, Index{4096}, Index{100000}}) {
    INFO("block " << block);
    io::ImuCsvStreamOptions options;
    options.block_rows = block;
    const io::StreamedImuFile r = io::analyze_imu_csv_streaming(path, io::movingreality_spec(path), options);
    CHECK(r.samples == read.imus[0].size());
    CHECK(r.missing_samples == 0);
    CHECK(r.header.imus.size() == 2);
    CHECK(r.warming_up.size() == static_cast<std::size_t>(r.cycles.rows()));
    // Ordered by side then IC; the reference by foot then emission (IC): the same order.
    CHECK(same_table(r.cycles, reference));
    CHECK(!r.summary.empty());
  }

  // Against batch (each foot alone, as the streams run): the same strides, give or take the edges.
  pipeline::FootImuPipelineParams params;
  Index batch_strides = 0;
  for (const ImuRecording& rec : read.imus) {
    Session one;
    one.imus.push_back(rec);
    batch_strides += pipeline::analyze_foot_imus(one, params).cycles.rows();
  }
  CHECK(std::abs(reference.rows() - batch_strides) <= 4);

  io::ImuCsvStreamOptions no_rows;
  no_rows.block_rows = 0;
  CHECK_THROWS_AS(io::analyze_imu_csv_streaming(path, io::movingreality_spec(path), no_rows), InvalidArgument);
}
