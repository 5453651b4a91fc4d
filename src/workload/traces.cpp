#include "workload/traces.hpp"

#include "util/error.hpp"
#include "util/strings.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>

namespace dcflow {

namespace {

// Lines of a plain or gzip file. zlib's gzopen reads uncompressed files transparently, so one path serves
// .swf, .swf.gz, .csv and .csv.gz alike.
class LineReader {
public:
  explicit LineReader(const std::string& path) : path_(path)
  {
    std::error_code ec;
    // gzopen accepts a directory and only fails at the first read, with a less helpful message.
    if (std::filesystem::is_directory(path, ec))
      throw InputError(Location{path}, "cannot read trace: it is a directory");
    errno = 0;
    file_ = gzopen(path.c_str(), "rb");
    if (file_ == nullptr)
      throw InputError(Location{path},
                       std::string("cannot read trace: ") + (errno != 0 ? std::strerror(errno) : "out of memory"));
    gzbuffer(file_, 1 << 17);
  }
  ~LineReader() { gzclose(file_); }
  LineReader(const LineReader&)            = delete;
  LineReader& operator=(const LineReader&) = delete;

  // The next line without its "\n" or "\r\n"; false at the end of the file. Throws on a read error, including a
  // truncated gzip stream, so that a damaged file never passes for a shorter trace.
  bool next(std::string& line)
  {
    line.clear();
    std::array<char, 4096> buffer;
    bool got = false;
    while (gzgets(file_, buffer.data(), static_cast<int>(buffer.size())) != nullptr) {
      check();
      got = true;
      line += buffer.data();
      if (!line.empty() && line.back() == '\n')
        break;
    }
    check();
    if (!got)
      return false;
    ++line_number_;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
      line.pop_back();
    return true;
  }

  int line_number() const { return line_number_; }

private:
  void check()
  {
    int code = Z_OK;
    std::string what(gzerror(file_, &code));
    if (code == Z_OK || code == Z_STREAM_END)
      return;
    // zlib prefixes its message with the path, which the location already gives. No line number either: zlib
    // reads ahead, so the damage is not where the last line ended.
    if (what.rfind(path_ + ": ", 0) == 0)
      what.erase(0, path_.size() + 2);
    throw InputError(Location{path_}, "cannot read trace: " + what);
  }

  std::string path_;
  gzFile file_     = nullptr;
  int line_number_ = 0;
};

struct Field {
  std::string_view text;
  int column = 0; // 1-based position of the field's first character in its line
};

bool is_blank(std::string_view line)
{
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

std::vector<Field> split_whitespace(std::string_view line)
{
  std::vector<Field> fields;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
      ++i;
    if (i == line.size())
      break;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t')
      ++i;
    fields.push_back({line.substr(start, i - start), static_cast<int>(start) + 1});
  }
  return fields;
}

// Fields around commas, each trimmed of surrounding blanks; the column still points at the raw field start.
std::vector<Field> split_commas(std::string_view line)
{
  std::vector<Field> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    const std::size_t end   = comma == std::string_view::npos ? line.size() : comma;
    std::string_view text   = line.substr(start, end - start);
    const std::size_t first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos)
      text = std::string_view();
    else
      text = text.substr(first, text.find_last_not_of(" \t") - first + 1);
    fields.push_back({text, static_cast<int>(start) + 1});
    if (comma == std::string_view::npos)
      break;
    start = comma + 1;
  }
  return fields;
}

// A finite decimal number taking the whole text (from_chars: no locale, no leading '+', no trailing junk).
std::optional<double> to_number(std::string_view text)
{
  double value         = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

bool is_whole(double value, double limit)
{
  return std::floor(value) == value && std::fabs(value) <= limit;
}

std::string plural(std::size_t count, const char* one, const char* many)
{
  return fmt::format("{} {}", count, count == 1 ? one : many);
}

// A note when count > 0: `message` with its "{}" replaced by the count and `one` or `many` to agree with it.
void add_note(TraceStats& stats, std::size_t count, const char* message, const char* one, const char* many)
{
  if (count > 0)
    stats.notes.push_back(fmt::format(fmt::runtime(message), plural(count, one, many)));
}

// Submit of the earliest job becomes 0; then the stable sort keeps the trace's order among equal keys.
template <class Less> void shift_and_sort(std::vector<TraceJob>& jobs, Less less)
{
  if (jobs.empty())
    return;
  double first = jobs.front().submit;
  for (const TraceJob& job : jobs)
    first = std::min(first, job.submit);
  for (TraceJob& job : jobs)
    job.submit -= first;
  std::stable_sort(jobs.begin(), jobs.end(), less);
}

// ---------------------------------------------------------------------------------------------------------- SWF

constexpr int kSwfFields = 18;

// The SWF definition's names, for messages.
// clang-format off
constexpr std::array<const char*, kSwfFields> kSwfFieldNames = {
    "job number", "submit time", "wait time", "run time", "allocated processors", "average CPU time",
    "used memory", "requested processors", "requested time", "requested memory", "status", "user id",
    "group id", "executable number", "queue number", "partition number", "preceding job", "think time"};
// clang-format on

using SwfValues = std::array<double, kSwfFields>;

// The numbers of one SWF line's 18 fields; whole numbers where the format says counts.
SwfValues swf_values(const std::vector<Field>& fields, const std::string& path, int line_number)
{
  SwfValues value{};
  for (int i = 0; i < kSwfFields; ++i) {
    const Field& field                 = fields[static_cast<std::size_t>(i)];
    const std::optional<double> number = to_number(field.text);
    if (!number)
      throw InputError(Location{path, line_number, field.column},
                       fmt::format("SWF field {} ({}) is '{}', not a number", i + 1, kSwfFieldNames[i], field.text));
    value[static_cast<std::size_t>(i)] = *number;
  }
  // Whole numbers where the format says counts; the limits keep the casts in swf_job defined.
  for (int i : {1, 5, 8}) {
    const double limit = i == 1 ? 9e15 : std::numeric_limits<int>::max();
    const Field& field = fields[static_cast<std::size_t>(i - 1)];
    if (!is_whole(value[static_cast<std::size_t>(i - 1)], limit))
      throw InputError(
          Location{path, line_number, field.column},
          fmt::format("SWF field {} ({}) is '{}', not a whole number", i, kSwfFieldNames[i - 1], field.text));
  }
  return value;
}

// SWF jobs skipped, by reason, and values that stood in for unknown ones.
struct SwfCounts {
  std::size_t unknown_submit = 0, unknown_runtime = 0, unknown_processors = 0;
  std::size_t requested_processors_used = 0, runtime_as_requested = 0, zero_runtime = 0;
};

// The job of one SWF line, or nullopt when it is skipped (one reason per skipped job, the first that applies).
std::optional<TraceJob> swf_job(const SwfValues& value, SwfCounts& counts)
{
  const double submit = value[1], runtime = value[3], allocated = value[4], requested = value[7];
  const double requested_time = value[8];
  if (submit < 0) {
    ++counts.unknown_submit;
    return std::nullopt;
  }
  if (runtime < 0) {
    ++counts.unknown_runtime;
    return std::nullopt;
  }
  // Some logs write 0 allocated processors for jobs that never ran: as unknown as -1.
  if (allocated <= 0 && requested <= 0) {
    ++counts.unknown_processors;
    return std::nullopt;
  }
  TraceJob job;
  job.id      = static_cast<std::int64_t>(value[0]);
  job.submit  = submit;
  job.runtime = runtime;
  if (allocated > 0) {
    job.processors = static_cast<int>(allocated);
  } else {
    job.processors = static_cast<int>(requested);
    ++counts.requested_processors_used;
  }
  if (requested_time >= 0) {
    job.requested_time = requested_time;
  } else {
    job.requested_time = runtime;
    ++counts.runtime_as_requested;
  }
  if (runtime == 0)
    ++counts.zero_runtime;
  return job;
}

void add_swf_notes(const SwfCounts& counts, TraceStats& stats)
{
  stats.skipped += counts.unknown_submit + counts.unknown_runtime + counts.unknown_processors;
  add_note(stats, counts.unknown_submit, "skipped {} with an unknown submit time (field 2 < 0)", "job", "jobs");
  add_note(stats, counts.unknown_runtime, "skipped {} with an unknown run time (field 4 < 0)", "job", "jobs");
  add_note(stats, counts.unknown_processors, "skipped {} with unknown processors (fields 5 and 8 <= 0)", "job", "jobs");
  add_note(stats, counts.requested_processors_used,
           "{} no allocated processors (field 5 <= 0): the requested processors (field 8) stand in", "job has",
           "jobs have");
  add_note(stats, counts.runtime_as_requested, "{} no requested time (field 9 < 0): the run time stands in", "job has",
           "jobs have");
  add_note(stats, counts.zero_runtime, "{} a zero run time (kept)", "job has", "jobs have");
}

} // namespace

std::vector<TraceJob> read_swf(const std::string& path, TraceStats& stats)
{
  LineReader reader(path);
  std::vector<TraceJob> jobs;
  SwfCounts counts;
  std::string line;
  while (reader.next(line)) {
    const std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == ';')
      continue;
    const std::vector<Field> fields = split_whitespace(line);
    if (fields.size() != kSwfFields)
      throw InputError(Location{path, reader.line_number()},
                       fmt::format("SWF line has {} fields, expected {}", fields.size(), kSwfFields));
    const SwfValues value = swf_values(fields, path, reader.line_number());
    ++stats.read;
    if (std::optional<TraceJob> job = swf_job(value, counts))
      jobs.push_back(std::move(*job));
  }
  add_swf_notes(counts, stats);
  shift_and_sort(jobs, [](const TraceJob& a, const TraceJob& b) {
    return a.submit != b.submit ? a.submit < b.submit : a.id < b.id;
  });
  return jobs;
}

// ------------------------------------------------------------------------------------------------ Alibaba GPU

namespace {

// The columns dcflow reads.
constexpr std::array<const char*, 8> kPodColumns = {"name",      "cpu_milli",     "num_gpu",       "gpu_milli",
                                                    "pod_phase", "creation_time", "deletion_time", "scheduled_time"};

// The pod list's header: every column's name, and where the columns dcflow reads are.
struct PodHeader {
  std::vector<std::string> names;
  std::size_t name = 0, cpu_milli = 0, num_gpu = 0, gpu_milli = 0, phase = 0;
  std::size_t creation = 0, deletion = 0, scheduled = 0;
};

std::size_t pod_column(const std::map<std::string, std::size_t, std::less<>>& column_of,
                       const std::vector<std::string>& names, const char* name, const std::string& path)
{
  const auto found = column_of.find(name);
  if (found == column_of.end()) {
    // The header is what the user may have mistyped, so the hint points from the expected name to a header name
    // that is not itself an expected one (gpu_milli is as close to cpu_milli as to gpu_mili).
    std::vector<std::string> unexpected;
    for (const std::string& header_name : names)
      if (std::find(kPodColumns.begin(), kPodColumns.end(), header_name) == kPodColumns.end())
        unexpected.push_back(header_name);
    const std::string near = closest_match(name, unexpected);
    throw InputError(Location{path, 1},
                     fmt::format("missing column '{}' in the header{}", name,
                                 near.empty() ? "" : fmt::format("; is '{}' a misspelling of it?", near)));
  }
  return found->second;
}

PodHeader read_pod_header(LineReader& reader, const std::string& path)
{
  std::string line;
  // The header is the first line, blank or not: a pod list always starts with it.
  if (!reader.next(line))
    throw InputError(Location{path}, "empty pod list: expected a header line naming the columns");
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) // UTF-8 byte order mark, as spreadsheet exports write it
    line.erase(0, 3);

  const std::vector<Field> fields = split_commas(line);
  PodHeader header;
  std::map<std::string, std::size_t, std::less<>> column_of;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string name(fields[i].text);
    if (!column_of.emplace(name, i).second)
      throw InputError(Location{path, 1, fields[i].column},
                       fmt::format("column '{}' appears twice in the header", name));
    header.names.push_back(name);
  }
  auto column      = [&](const char* name) { return pod_column(column_of, header.names, name, path); };
  header.name      = column("name");
  header.cpu_milli = column("cpu_milli");
  header.num_gpu   = column("num_gpu");
  header.gpu_milli = column("gpu_milli");
  header.phase     = column("pod_phase");
  header.creation  = column("creation_time");
  header.deletion  = column("deletion_time");
  header.scheduled = column("scheduled_time");
  return header;
}

// One row of the pod list, with the columns dcflow reads.
struct Pod {
  double cpu_milli = 0, num_gpu = 0, gpu_milli = 0, creation = 0;
  std::optional<double> deletion, scheduled; // nullopt when the field is empty
  std::string_view phase, name;
};

// The pod of a row; an InputError at the first field read that is not as expected.
Pod read_pod(const std::vector<Field>& fields, const PodHeader& header, const std::string& path, int line_number)
{
  // nullopt for an empty field; an InputError for anything else that is not a number.
  auto number = [&](std::size_t c) -> std::optional<double> {
    if (fields[c].text.empty())
      return std::nullopt;
    const std::optional<double> value = to_number(fields[c].text);
    if (!value)
      throw InputError(Location{path, line_number, fields[c].column},
                       fmt::format("column '{}' is '{}', not a number", header.names[c], fields[c].text));
    return value;
  };
  auto required = [&](std::size_t c) {
    const std::optional<double> value = number(c);
    if (!value)
      throw InputError(Location{path, line_number, fields[c].column},
                       fmt::format("column '{}' is empty", header.names[c]));
    return *value;
  };
  auto amount = [&](std::size_t c) {
    const double value = required(c);
    if (value < 0)
      throw InputError(Location{path, line_number, fields[c].column},
                       fmt::format("column '{}' is {}, expected >= 0", header.names[c], fields[c].text));
    return value;
  };
  Pod pod;
  pod.cpu_milli = amount(header.cpu_milli);
  pod.num_gpu   = amount(header.num_gpu);
  pod.gpu_milli = amount(header.gpu_milli);
  pod.creation  = required(header.creation);
  pod.deletion  = number(header.deletion);
  pod.scheduled = number(header.scheduled);
  pod.phase     = fields[header.phase].text;
  pod.name      = fields[header.name].text;
  return pod;
}

// The pods kept as jobs, and why the others were skipped.
struct PodJobs {
  std::vector<TraceJob> jobs;
  std::vector<double> deletion_of; // per kept job, to find those cut by the trace's end
  std::vector<bool> running;       // per kept job: last phase Running
  double last_deletion    = -std::numeric_limits<double>::infinity();
  std::size_t unscheduled = 0, undeleted = 0, deleted_before_scheduled = 0, failed = 0, zero_runtime = 0;
};

// Keeps the pod as job `id`, or counts why it is skipped (the first reason that applies).
void keep_pod(const Pod& pod, std::int64_t id, PodJobs& kept)
{
  if (pod.deletion)
    kept.last_deletion = std::max(kept.last_deletion, *pod.deletion);
  if (!pod.scheduled) {
    ++kept.unscheduled;
    return;
  }
  if (!pod.deletion) {
    ++kept.undeleted;
    return;
  }
  if (*pod.deletion < *pod.scheduled) {
    ++kept.deleted_before_scheduled;
    return;
  }
  TraceJob job;
  job.id             = id;
  job.submit         = pod.creation;
  job.runtime        = *pod.deletion - *pod.scheduled;
  job.processors     = 1;
  job.requested_time = job.runtime;
  job.gpus           = pod.num_gpu * pod.gpu_milli / 1000;
  job.cpu_cores      = pod.cpu_milli / 1000;
  job.name           = std::string(pod.name);
  if (pod.phase == "Failed")
    ++kept.failed;
  if (job.runtime == 0)
    ++kept.zero_runtime;
  kept.jobs.push_back(std::move(job));
  kept.deletion_of.push_back(*pod.deletion);
  kept.running.push_back(pod.phase == "Running");
}

void add_pod_notes(const PodJobs& kept, TraceStats& stats)
{
  std::size_t cut = 0;
  for (std::size_t i = 0; i < kept.jobs.size(); ++i)
    if (kept.running[i] && kept.deletion_of[i] == kept.last_deletion)
      ++cut;

  stats.skipped += kept.unscheduled + kept.undeleted + kept.deleted_before_scheduled;
  add_note(stats, kept.unscheduled,
           "skipped {} never scheduled (scheduled_time empty, as for Pending pods): no runtime", "pod", "pods");
  add_note(stats, kept.undeleted, "skipped {} without a deletion_time: no runtime", "pod", "pods");
  add_note(stats, kept.deleted_before_scheduled, "skipped {} whose deletion_time is before the scheduled_time", "pod",
           "pods");
  add_note(stats, kept.failed, "kept {}, for the time from scheduling to deletion", "Failed pod", "Failed pods");
  if (cut > 0)
    stats.notes.push_back(fmt::format("{} Running at the trace's last deletion_time ({} s), probably cut by its "
                                      "end: runtime is a lower bound",
                                      plural(cut, "pod", "pods"), kept.last_deletion));
  add_note(stats, kept.zero_runtime, "{} a zero runtime (kept)", "pod has", "pods have");
}

} // namespace

std::vector<TraceJob> read_alibaba_gpu_pods(const std::string& path, TraceStats& stats)
{
  LineReader reader(path);
  const PodHeader header = read_pod_header(reader, path);
  PodJobs kept;
  std::int64_t row = -1;
  std::string line;
  while (reader.next(line)) {
    if (is_blank(line))
      continue;
    ++row;
    const std::vector<Field> fields = split_commas(line);
    if (fields.size() != header.names.size())
      throw InputError(Location{path, reader.line_number()},
                       fmt::format("row has {} fields, the header has {}", fields.size(), header.names.size()));
    const Pod pod = read_pod(fields, header, path, reader.line_number());
    ++stats.read;
    keep_pod(pod, row, kept);
  }
  add_pod_notes(kept, stats);
  shift_and_sort(kept.jobs, [](const TraceJob& a, const TraceJob& b) { return a.submit < b.submit; });
  return std::move(kept.jobs);
}

} // namespace dcflow
