#include <cmath>
#include <nlohmann/json.hpp>

#include "secondheart/io/report.hpp"
#include "secondheart/version.hpp"

namespace secondheart::io {
namespace {
using nlohmann::json;

json number(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }
double seconds(Index sample, double fs) { return sample >= 0 && fs > 0 ? static_cast<double>(sample) / fs : NaN; }

json flags_json(const QualityFlags& flags) {
  json out = json::array();
  for (const auto& flag : flags)
    out.push_back({{"code", flag.code},
                   {"side", flag.side ? json(std::string(to_string(*flag.side))) : json(nullptr)},
                   {"message", flag.message}});
  return out;
}

json result_json(const PipelineResult& result) {
  const CycleTable& table = result.cycles;
  json events = json::object();
  for (const auto& ev : result.events) {
    auto times = [&](const std::vector<Index>& samples) {
      json list = json::array();
      for (Index s : samples) list.push_back(seconds(s, ev.sampling_rate_hz));
      return list;
    };
    events[std::string(to_string(ev.side))] = {
        {"ic_s", times(ev.ic)}, {"fc_s", times(ev.fc)}, {"ho_s", times(ev.ho)}, {"ms_s", times(ev.ms)}};
  }
  json cycles = json::array();
  for (Index r = 0; r < table.rows(); ++r) {
    const Cycle& c = table.cycles[static_cast<std::size_t>(r)];
    json metrics = json::object();
    for (std::size_t k = 0; k < table.columns.size(); ++k)
      metrics[table.columns[k]] = number(table.values(r, static_cast<Index>(k)));
    cycles.push_back({{"side", std::string(to_string(c.side))},
                      {"ic_s", number(seconds(c.ic, table.sampling_rate_hz))},
                      {"next_ic_s", number(seconds(c.next_ic, table.sampling_rate_hz))},
                      {"fc_s", number(seconds(c.fc, table.sampling_rate_hz))},
                      {"ho_s", number(seconds(c.ho, table.sampling_rate_hz))},
                      {"status", std::string(to_string(c.status))},
                      {"metrics", metrics}});
  }
  const auto summaries = metrics::summarize(table);
  json summary = json::array();
  for (const auto& s : summaries) {
    double left = NaN, right = NaN;
    for (const auto& other : summaries)
      if (other.metric == s.metric) (other.side == Side::Left ? left : right) = other.median;
    summary.push_back({{"metric", s.metric},
                       {"side", std::string(to_string(s.side))},
                       {"n_cycles", s.n_cycles},
                       {"median", number(s.median)},
                       {"iqr", number(s.iqr)},
                       {"cv_percent", number(s.cv_percent)},
                       {"asymmetry_index_percent", number(metrics::asymmetry_index_percent(left, right))}});
  }
  return {{"source", table.source},
          {"events", events},
          {"cycles", cycles},
          {"summary", summary},
          {"flags", flags_json(result.flags)}};
}
}  // namespace

std::string to_json(const Analysis& analysis, int indent) {
  json out = {{"secondheart_version", SECONDHEART_VERSION_STRING},
              {"session", analysis.session_name},
              {"flags", flags_json(analysis.flags)},
              {"results", json::array()}};
  for (const auto& result : analysis.results) out["results"].push_back(result_json(result));
  return out.dump(indent);
}

}  // namespace secondheart::io
