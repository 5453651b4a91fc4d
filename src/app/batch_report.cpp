#include "app/batch_report.hpp"

#include "app/batch.hpp"
#include "util/atomic_file.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <iostream>
#include <nlohmann/json.hpp>

namespace dcflow {
namespace {

namespace fs = std::filesystem;
using Json   = nlohmann::ordered_json;

std::string csv_field(const std::string& text)
{
  if (text.find_first_of(",\"\n\r") == std::string::npos)
    return text;
  std::string quoted = "\"";
  for (char c : text)
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string relative_folder(const Batch& batch, const Run& run)
{
  return run.folder.lexically_relative(batch.out).generic_string();
}

std::string batch_csv(const Batch& batch)
{
  std::vector<std::string> header = batch.key_columns;
  header.insert(header.end(), {"seed", "status", "exit_status"});
  for (const auto& m : batch_metrics())
    header.push_back(m.column);
  header.push_back("folder");
  std::string csv;
  for (std::size_t i = 0; i < header.size(); ++i)
    csv += (i ? "," : "") + csv_field(header[i]);
  csv += "\n";
  for (const auto& run : batch.runs) {
    std::vector<std::string> row;
    for (const auto& v : batch.groups[run.group].values)
      row.push_back(csv_field(v));
    row.push_back(std::to_string(run.seed));
    row.push_back(run.ok ? "ok" : "failed");
    row.push_back(run.exit_status < 0 ? "" : std::to_string(run.exit_status));
    for (std::size_t m = 0; m < batch_metrics().size(); ++m)
      row.push_back(run.ok && std::isfinite(run.metrics.values[m]) ? fmt::format("{}", run.metrics.values[m]) : "");
    row.push_back(csv_field(relative_folder(batch, run)));
    csv += join(row, ",") + "\n";
  }
  return csv;
}

Json group_json(const Batch& batch, std::size_t g, const GroupSummary& summary)
{
  Json group;
  group["folder"]     = batch.groups[g].folder.generic_string();
  group["runs_ok"]    = summary.ok;
  group["runs_total"] = summary.total;
  Json stats          = Json::object();
  for (std::size_t m = 0; m < batch_metrics().size(); ++m) {
    const Interval& i                = summary.intervals[m];
    stats[batch_metrics()[m].column] = Json{{"mean", i.has_mean() ? Json(i.mean) : Json(nullptr)},
                                            {"ci95_half_width", i.has_interval() ? Json(i.half_width) : Json(nullptr)},
                                            {"n", i.n}};
  }
  group["metrics"] = stats;
  Json runs        = Json::array();
  for (const auto& run : batch.runs) {
    if (run.group != g)
      continue;
    Json entry{{"seed", run.seed},
               {"status", run.ok ? "ok" : "failed"},
               {"exit_status", run.exit_status < 0 ? Json(nullptr) : Json(run.exit_status)},
               {"folder", relative_folder(batch, run)}};
    if (!run.ok)
      entry["error"] = run.failure;
    runs.push_back(entry);
  }
  group["runs"] = runs;
  return group;
}

std::string batch_json(const Batch& batch, const std::vector<GroupSummary>& summaries)
{
  Json root;
  root["command"]          = batch.command;
  root["scenario"]         = batch.scenario_name;
  root["scenario_file"]    = batch.scenario_file;
  root["seeds"]            = batch.seeds;
  root["confidence_level"] = 0.95;
  Json sources             = Json::object();
  for (const auto& m : batch_metrics())
    sources[m.column] = m.path;
  root["metrics"] = sources; // summary column -> results.json key it is read from
  std::size_t ok  = 0;
  for (const auto& s : summaries)
    ok += s.ok;
  root["runs_ok"]    = ok;
  root["runs_total"] = batch.runs.size();
  if (batch.command == "compare") {
    Json policies = Json::object();
    for (std::size_t g = 0; g < batch.groups.size(); ++g)
      policies[batch.groups[g].values.front()] = group_json(batch, g, summaries[g]);
    root["policies"] = policies;
  } else {
    root["parameters"] = batch.key_columns;
    Json points        = Json::array();
    for (std::size_t g = 0; g < batch.groups.size(); ++g) {
      Json params = Json::object();
      for (std::size_t k = 0; k < batch.key_columns.size(); ++k)
        params[batch.key_columns[k]] = batch.groups[g].values[k];
      Json point{{"params", params}};
      point.update(group_json(batch, g, summaries[g]));
      points.push_back(point);
    }
    root["points"] = points;
  }
  return root.dump(2) + "\n";
}

// Display width of a UTF-8 string (the table holds "±").
std::size_t width(const std::string& text)
{
  std::size_t n = 0;
  for (char c : text)
    n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string table(const std::vector<std::vector<std::string>>& rows, std::size_t left_columns)
{
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c)
      widths[c] = std::max(widths[c], width(row[c]));
  std::string text;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::string line = " ";
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      std::string pad(widths[c] - width(rows[r][c]), ' ');
      line += " " + (c < left_columns ? rows[r][c] + pad : pad + rows[r][c]);
    }
    text += line + "\n";
    if (r == 0) {
      std::size_t total = 1;
      for (auto w : widths)
        total += w + 1;
      text += "  " + std::string(total - 2, '-') + "\n";
    }
  }
  return text;
}

// The table: one row per group, one column per key, the runs that succeeded, and the metrics that apply
// (compare: mean ± half-width; sweep: means only, to stay compact).
std::string console_table(const Batch& batch, const std::vector<GroupSummary>& summaries,
                          const std::vector<bool>& shown)
{
  bool intervals = batch.command == "compare";
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header = short_key_headers(batch.key_columns);
  header.push_back("runs ok");
  for (std::size_t m = 0; m < batch_metrics().size(); ++m)
    if (shown[m])
      header.push_back(batch_metrics()[m].heading);
  rows.push_back(header);
  for (std::size_t g = 0; g < batch.groups.size(); ++g) {
    std::vector<std::string> row = batch.groups[g].values;
    row.push_back(fmt::format("{}/{}", summaries[g].ok, summaries[g].total));
    for (std::size_t m = 0; m < batch_metrics().size(); ++m) {
      const Interval& i = summaries[g].intervals[m];
      if (shown[m])
        row.push_back(intervals ? format_interval(i) : format_value(i.has_mean() ? i.mean : std::nan("")));
    }
    rows.push_back(row);
  }
  return table(rows, batch.key_columns.size());
}

// The full path of each key column whose header is shortened, or "":
//   flops = workload.classes.batch.stages.process.flops
std::string key_note(const Batch& batch)
{
  std::vector<std::string> headers = short_key_headers(batch.key_columns);
  std::string lines;
  for (std::size_t k = 0; k < headers.size(); ++k)
    if (headers[k] != batch.key_columns[k])
      lines += fmt::format("    {} = {}\n", headers[k], batch.key_columns[k]);
  return lines.empty() ? "" : "\n  columns:\n" + lines;
}

// The metrics the table leaves out and why, one line per reason, or "" when it shows them all:
//   columns left out (compare.csv and compare.json have them all):
//     throughput GB/s: no run moved input bytes
//     samples/s, iteration s, AU: no training job ran
std::string left_out_note(const std::vector<bool>& shown, const fs::path& csv_path, const fs::path& json_path)
{
  std::vector<std::pair<std::string, std::vector<std::string>>> reasons; // in metric order
  for (std::size_t m = 0; m < batch_metrics().size(); ++m) {
    if (shown[m])
      continue;
    const Metric& metric = batch_metrics()[m];
    auto it = std::find_if(reasons.begin(), reasons.end(), [&](const auto& r) { return r.first == metric.absent; });
    if (it == reasons.end())
      it = reasons.insert(reasons.end(), {metric.absent, {}});
    it->second.push_back(metric.heading);
  }
  if (reasons.empty())
    return "";
  std::string lines;
  for (const auto& [reason, headings] : reasons)
    lines += fmt::format("    {}: {}\n", fmt::join(headings, ", "), reason);
  return fmt::format("\n  columns left out ({} and {} have them all):\n", csv_path.filename().string(),
                     json_path.filename().string()) +
         lines;
}

} // namespace

int report_batch(const Batch& batch)
{
  std::vector<GroupSummary> summaries = summarise(batch);
  fs::path csv_path                   = batch.out / (batch.command + ".csv");
  fs::path json_path                  = batch.out / (batch.command + ".json");
  OutputFiles files; // both or neither
  files.write(csv_path.string(), batch_csv(batch));
  files.write(json_path.string(), batch_json(batch, summaries));
  files.commit();

  std::string seeds = batch.seeds.size() == 1 ? fmt::format("seed {}", batch.seeds.front())
                                              : fmt::format("seeds {}..{}", batch.seeds.front(), batch.seeds.back());
  std::cout << fmt::format("\n{} of {}, {} ({}), {} run(s); {}\n\n", batch.command, batch.scenario_name, seeds,
                           batch.seeds.size(), batch.runs.size(),
                           batch.command == "compare"
                               ? "mean ± half-width of the Student-t 95% interval over seeds"
                               : "means over seeds (intervals in " + json_path.filename().string() + ")");
  std::vector<bool> shown = applicable_metrics(batch);
  std::cout << console_table(batch, summaries, shown) << key_note(batch) << left_out_note(shown, csv_path, json_path);

  std::vector<const Run*> failed;
  for (const auto& run : batch.runs)
    if (!run.ok)
      failed.push_back(&run);
  if (!failed.empty()) {
    std::cout << fmt::format("\n  {} of {} runs FAILED (each run's output is in its run.log):\n", failed.size(),
                             batch.runs.size());
    for (const Run* run : failed)
      std::cout << fmt::format("    {}: {}\n      log: {}\n", run_label(batch, *run), run->failure,
                               (run->folder / "run.log").string());
  }
  std::cout << fmt::format("\n  wrote {} and {}\n", csv_path.string(), json_path.string());
  return failed.empty() ? 0 : 1;
}

std::vector<std::string> short_key_headers(const std::vector<std::string>& paths)
{
  auto suffix = [](const std::string& path, std::size_t parts) {
    std::size_t pos = path.size();
    for (std::size_t i = 0; i < parts; ++i) {
      std::size_t dot = pos == 0 ? std::string::npos : path.rfind('.', pos - 1);
      if (dot == std::string::npos)
        return path;
      pos = dot;
    }
    return path.substr(pos + 1);
  };
  std::vector<std::string> headers;
  for (std::size_t k = 0; k < paths.size(); ++k) {
    for (std::size_t parts = 1;; ++parts) {
      std::string mine = suffix(paths[k], parts);
      bool unique      = mine == paths[k];
      if (!unique) {
        unique = true;
        for (std::size_t o = 0; o < paths.size() && unique; ++o)
          if (o != k && paths[o] != paths[k] && suffix(paths[o], parts) == mine)
            unique = false;
      }
      if (unique) {
        headers.push_back(mine);
        break;
      }
    }
  }
  return headers;
}

} // namespace dcflow
