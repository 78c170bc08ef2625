#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "secondheart/io/report.hpp"

using namespace secondheart;

TEST_CASE("JSON report carries cycles, summary with asymmetry, NaN as null and flags") {
  Analysis analysis;
  analysis.session_name = "hand-made";
  PipelineResult result;
  result.cycles.source = "insole";
  result.cycles.sampling_rate_hz = 100.0;
  result.cycles.cycles = {Cycle{Side::Left, 100, 210, 166}, Cycle{Side::Right, 150, 260, 216}};
  Eigen::VectorXd f2(2);
  f2 << 770.0, 630.0;
  result.cycles.set_column("f2_n", f2);
  result.cycles.set_column("ho_pct", Eigen::VectorXd::Constant(2, NaN));
  GaitEvents left;
  left.side = Side::Left;
  left.sampling_rate_hz = 100.0;
  left.ic = {100, 210};
  result.events.push_back(left);
  result.flags.push_back(QualityFlag{"too_few_cycles", Side::Right, "1 valid cycle, need 3"});
  analysis.results.push_back(result);

  const auto json = nlohmann::json::parse(io::to_json(analysis));
  CHECK(json["session"] == "hand-made");
  const auto& r = json["results"][0];
  CHECK(r["source"] == "insole");
  CHECK(r["events"]["left"]["ic_s"][1].get<double>() == Approx(2.1));
  CHECK(r["cycles"][1]["fc_s"].get<double>() == Approx(2.16));
  CHECK(r["cycles"][0]["metrics"]["ho_pct"].is_null());
  CHECK(r["cycles"][0]["status"] == "valid");
  // Asymmetry of the medians: 100 * (770 - 630) / 700 = 20 %.
  bool found = false;
  for (const auto& s : r["summary"])
    if (s["metric"] == "f2_n" && s["side"] == "left") {
      CHECK(s["asymmetry_index_percent"].get<double>() == Approx(20.0));
      found = true;
    }
  CHECK(found);
  CHECK(r["flags"][0]["code"] == "too_few_cycles");
  CHECK(r["flags"][0]["side"] == "right");
}
