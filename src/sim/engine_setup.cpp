#include "sim/engine_setup.hpp"

#include "scenario/host_pattern.hpp"
#include "sim/routing.hpp"
#include "sim/simgrid_compat.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace sg4 = simgrid::s4u;

// SimGrid 3.32's XML lexer: the line it is on (exported by libsimgrid, declared in no installed header).
extern "C" int surf_parse_lineno;

namespace dcflow {

std::unique_ptr<sg4::Engine> create_engine(const std::vector<std::string>& engine_args,
                                           std::vector<std::string>& storage)
{
  // SimGrid echoes every --cfg at INFO level; dcflow's own output says what ran.
  storage = {"dcflow", "--log=xbt_cfg.thresh:warning"};
  storage.insert(storage.end(), engine_args.begin(), engine_args.end());
  std::vector<char*> argv;
  for (auto& a : storage)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(storage.size());
  try {
    return std::make_unique<sg4::Engine>(&argc, argv.data());
  } catch (const std::exception& error) {
    // "Bad config key: KEY" and then every key: keep the first line and name the argument at fault.
    std::string text  = error.what();
    text              = text.substr(0, text.find('\n'));
    std::string label = "--cfg";
    for (const auto& a : engine_args)
      if (a.rfind("--cfg=", 0) == 0) {
        std::string item = a.substr(6);
        if (text.find(": " + item.substr(0, item.find(':'))) != std::string::npos)
          label = "--cfg " + item;
      }
    throw InputError(Location{label}, text);
  }
}

namespace {

// The platform text with each comment blanked out (newlines kept, so that offsets keep their lines).
std::string without_comments(std::string text)
{
  for (std::size_t at = text.find("<!--"); at != std::string::npos; at = text.find("<!--", at)) {
    std::size_t end = text.find("-->", at);
    end             = end == std::string::npos ? text.size() : end + 3;
    for (std::size_t i = at; i < end; ++i)
      if (text[i] != '\n')
        text[i] = ' ';
    at = end;
  }
  return text;
}

// The 1-based line and column of `offset` in `text`.
Location location_at(const std::string& file, const std::string& text, std::size_t offset)
{
  int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
  std::size_t line_start = text.rfind('\n', offset);
  int column             = static_cast<int>(offset - (line_start == std::string::npos ? 0 : line_start + 1)) + 1;
  return Location{file, line, column};
}

std::string read_text(const std::string& file)
{
  std::ifstream in(file);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A platform's state profiles (README "Failures"): a host, link or peer with state_file, or a trace_connect of
// kind HOST_AVAIL (the default kind) or LINK_AVAIL. Speed, bandwidth and latency profiles only change rates:
// they stay. Each becomes a failure group of one resource, applied like the scenario's; `stripped` is the
// platform text without them (same length and lines), which is what SimGrid loads: SimGrid would switch the
// resource off itself and kill the actors on it, leaving their helpers waiting.
struct StateProfiles {
  std::vector<FailureGroup> groups;
  std::string stripped;
};

StateProfiles extract_state_profiles(const std::string& file)
{
  StateProfiles found;
  std::string original = read_text(file);
  std::string text     = without_comments(original);
  found.stripped       = original;
  std::string dir      = std::filesystem::path(file).parent_path().string();
  auto blank           = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i)
      if (found.stripped[i] != '\n')
        found.stripped[i] = ' ';
  };
  static const std::regex tag(R"(<\s*(host|link|peer|trace_connect|trace)\b([^>]*)>)");
  static const std::regex attribute(R"re(([A-Za-z_]+)\s*=\s*(?:"([^"]*)"|'([^']*)'))re");
  struct Trace {
    std::string file, body;
    double periodicity = -1;
  };
  std::map<std::string, Trace> traces;
  struct Use {
    std::string element, trace, kind;
    Location where;
  };
  std::vector<Use> connects;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), tag); it != std::sregex_iterator(); ++it) {
    std::map<std::string, std::string> attributes;
    std::map<std::string, std::pair<std::size_t, std::size_t>> spans; // attribute -> [start, end) in the text
    std::string body = (*it)[2].str();
    auto body_at     = static_cast<std::size_t>(it->position(2));
    for (auto a = std::sregex_iterator(body.begin(), body.end(), attribute); a != std::sregex_iterator(); ++a) {
      attributes[(*a)[1].str()] = (*a)[2].matched ? (*a)[2].str() : (*a)[3].str();
      spans[(*a)[1].str()]      = {body_at + static_cast<std::size_t>(a->position(0)),
                                   body_at + static_cast<std::size_t>(a->position(0) + a->length(0))};
    }
    std::string element = (*it)[1].str();
    auto at             = static_cast<std::size_t>(it->position());
    Location where      = location_at(file, text, at);
    if (element == "trace") {
      Trace trace;
      trace.file = attributes.count("file") ? attributes["file"] : "";
      if (attributes.count("periodicity"))
        trace.periodicity = std::atof(attributes["periodicity"].c_str());
      std::size_t end = text.find("</trace", at);
      if (body.empty() || body.back() != '/')
        trace.body = text.substr(at + static_cast<std::size_t>(it->length()),
                                 end == std::string::npos ? 0 : end - at - static_cast<std::size_t>(it->length()));
      traces[attributes["id"]] = trace;
    } else if (element == "trace_connect") {
      std::string kind = attributes.count("kind") ? attributes["kind"] : "HOST_AVAIL";
      if (kind == "HOST_AVAIL" || kind == "LINK_AVAIL") {
        connects.push_back({attributes["element"], attributes["trace"], kind, where});
        blank(at, at + static_cast<std::size_t>(it->length()));
      }
    } else if (attributes.count("state_file")) {
      std::string path = attributes["state_file"];
      if (std::filesystem::path(path).is_relative())
        path = (std::filesystem::path(dir) / path).string();
      std::ifstream in(path);
      if (!in)
        throw InputError(where, fmt::format("{} '{}': cannot read its state profile '{}'", element, attributes["id"],
                                            path));
      std::string profile((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      FailureGroup group;
      group.name    = fmt::format("{} {} (state_file)", element, attributes["id"]);
      group.target  = element == "link" ? FailureTarget::Links : FailureTarget::Hosts;
      group.pattern = attributes["id"];
      group.profile = parse_state_profile(profile, path);
      group.where   = where;
      found.groups.push_back(group);
      blank(spans["state_file"].first, spans["state_file"].second);
    }
  }
  for (const auto& use : connects) {
    auto trace = traces.find(use.trace);
    if (trace == traces.end())
      continue; // SimGrid reports the missing trace when it loads the platform
    FailureGroup group;
    group.name    = fmt::format("{} {} ({})", use.kind == "LINK_AVAIL" ? "link" : "host", use.element, use.kind);
    group.target  = use.kind == "LINK_AVAIL" ? FailureTarget::Links : FailureTarget::Hosts;
    group.pattern = use.element;
    group.where   = use.where;
    if (!trace->second.file.empty()) {
      std::string path = trace->second.file;
      if (std::filesystem::path(path).is_relative())
        path = (std::filesystem::path(dir) / path).string();
      std::ifstream in(path);
      if (!in)
        throw InputError(use.where, fmt::format("trace '{}': cannot read its state profile '{}'", use.trace, path));
      group.profile = parse_state_profile(std::string((std::istreambuf_iterator<char>(in)),
                                                      std::istreambuf_iterator<char>()),
                                          path);
    } else {
      group.profile = parse_state_profile(trace->second.body, file);
    }
    if (trace->second.periodicity > 0 && group.profile->loop_after < 0) // <trace periodicity>: its period
      set_periodicity(*group.profile, trace->second.periodicity, use.where);
    found.groups.push_back(group);
  }
  return found;
}

// The platform loader's child process (below): where it reports the XML line when SimGrid aborts it.
int g_abort_report_fd = -1;

// Async-signal-safe: writes "\ndcflow-xml-line: N\n" and ends the child.
extern "C" void report_xml_line_and_exit(int)
{
  char buffer[48] = "\ndcflow-xml-line: ";
  std::size_t n   = std::strlen(buffer);
  char digits[16];
  int k         = 0;
  unsigned line = surf_parse_lineno > 0 ? static_cast<unsigned>(surf_parse_lineno) : 0U;
  do {
    digits[k++] = static_cast<char>('0' + line % 10);
    line /= 10;
  } while (line > 0 && k < 16);
  while (k > 0)
    buffer[n++] = digits[--k];
  buffer[n++] = '\n';
  ssize_t ignored = write(g_abort_report_fd, buffer, n);
  (void)ignored;
  _exit(3);
}

// SimGrid ends the process (xbt_die, then abort) on some platform mistakes instead of throwing: a tag removed
// in 3.27 (<storage_type>, <storage>, <mount>), a route declared twice, ... So the platform is first loaded in
// a forked copy of this process (same engine, same configuration, nothing loaded yet). If that copy dies, the
// CRITICAL message it printed becomes an InputError at FILE:LINE, the line being the one SimGrid's XML lexer
// was on. If it loads, or throws (a parse error this process then reports as usual), loading goes on here.
void load_in_child_first(sg4::Engine& engine, const std::string& file)
{
  int fds[2];
  if (pipe(fds) != 0)
    return; // no check possible: load as without it
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return;
  }
  if (pid == 0) {
    close(fds[0]);
    dup2(fds[1], STDERR_FILENO);
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0)
      dup2(devnull, STDOUT_FILENO);
    g_abort_report_fd = fds[1];
    std::signal(SIGABRT, report_xml_line_and_exit);
    std::signal(SIGSEGV, report_xml_line_and_exit);
    try {
      engine.load_platform(file);
    } catch (...) {
    }
    _exit(0);
  }
  close(fds[1]);
  std::string output;
  char chunk[4096];
  for (;;) {
    ssize_t got = read(fds[0], chunk, sizeof chunk);
    if (got > 0)
      output.append(chunk, static_cast<std::size_t>(got));
    else if (got == 0 || errno != EINTR)
      break;
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
    return;

  int line                 = 0;
  const std::string marker = "dcflow-xml-line: ";
  if (std::size_t at = output.rfind(marker); at != std::string::npos)
    line = std::atoi(output.c_str() + at + marker.size());
  // "[0.000000] ./src/kernel/routing/FullZone.cpp:69: [root/CRITICAL] The route ... already exists (...)."
  std::string message;
  const std::string critical = "/CRITICAL] ";
  if (std::size_t at = output.find(critical); at != std::string::npos) {
    std::size_t start = at + critical.size();
    message           = output.substr(start, output.find('\n', start) - start);
  }
  if (message.empty())
    message = WIFSIGNALED(status) ? fmt::format("SimGrid stopped while loading it (signal {})", WTERMSIG(status))
                                  : "SimGrid stopped while loading it";
  throw InputError(Location{file, line}, "invalid platform: " + message);
}

} // namespace

Location locate_in_platform(const std::string& file, const std::vector<std::string>& tags, const std::string& id,
                            const std::string& prop)
{
  std::string text = without_comments(read_text(file));
  // The id as a regex literal: ids may hold '.', '+', '[' ...
  auto literal = [](const std::string& s) {
    static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
    return std::regex_replace(s, special, R"(\$&)");
  };
  std::string names = join(tags, "|");
  std::regex element("<\\s*(" + names + ")\\b[^>]*\\bid\\s*=\\s*[\"']" + literal(id) + "[\"'][^>]*>");
  std::smatch found;
  if (!std::regex_search(text, found, element))
    return Location{file};
  auto start      = static_cast<std::size_t>(found.position(0));
  std::string tag = found.str(0);
  bool empty_tag  = tag.size() >= 2 && tag.compare(tag.size() - 2, 2, "/>") == 0;
  if (!prop.empty() && !empty_tag) {
    // The element's body: up to its closing tag.
    std::size_t body_start = start + tag.size();
    std::size_t body_end   = text.find("</" + found.str(1), body_start);
    std::string body =
        text.substr(body_start, body_end == std::string::npos ? std::string::npos : body_end - body_start);
    std::regex property("<\\s*prop\\b[^>]*\\bid\\s*=\\s*[\"']" + literal(prop) + "[\"']");
    std::smatch p;
    if (std::regex_search(body, p, property))
      return location_at(file, text, body_start + static_cast<std::size_t>(p.position(0)));
  }
  return location_at(file, text, start);
}

std::vector<FailureGroup> load_platform_checked(sg4::Engine& engine, const std::string& file, const Location& where)
{
  std::ifstream probe(file);
  if (!probe)
    throw InputError(where, "cannot read platform '" + file + "': " + std::strerror(errno));
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec))
    throw InputError(where, "cannot read platform '" + file + "': Is a directory");
  // State profiles are dcflow's to apply (sim/failures/): SimGrid loads a copy of the file without them, with
  // the file's own folder on its search path for the files the copy names.
  StateProfiles profiles = extract_state_profiles(file);
  // Route queries need to know which points each zone's routes name (see routing.hpp).
  load_in_child_first(engine, file);
  watch_route_declarations();
  std::string load_file  = file;
  if (!profiles.groups.empty()) {
    load_file = (std::filesystem::temp_directory_path() /
                 fmt::format("dcflow-{}-{}", getpid(), std::filesystem::path(file).filename().string()))
                    .string();
    std::ofstream(load_file) << profiles.stripped;
    std::string dir = std::filesystem::path(file).parent_path().string();
    sg4::Engine::set_config("path:" + (dir.empty() ? std::string(".") : dir));
  }
  struct Remove {
    std::string path;
    ~Remove()
    {
      if (!path.empty())
        std::remove(path.c_str());
    }
  } remove{load_file != file ? load_file : std::string()};
  try {
    engine.load_platform(load_file);
  } catch (const std::exception& error) {
    // "Parse error at FILE:LINE: message" becomes FILE:LINE: error: invalid platform: message.
    std::string text = error.what();
    std::replace(text.begin(), text.end(), '\n', ' ');
    text                     = mend_parse_message(text);
    const std::string prefix = "Parse error at ";
    if (text.rfind(prefix, 0) == 0) {
      std::string rest  = text.substr(prefix.size());
      std::size_t colon = rest.find(": ");
      if (colon != std::string::npos) {
        std::string place = rest.substr(0, colon);
        std::size_t last  = place.rfind(':');
        int line          = last == std::string::npos ? 0 : std::atoi(place.c_str() + last + 1);
        throw InputError(Location{file, line}, "invalid platform: " + rest.substr(colon + 2));
      }
    }
    throw InputError(Location{file}, "invalid platform: " + text);
  }
  return profiles.groups;
}

std::vector<sg4::Host*> select_hosts(const std::vector<sg4::Host*>& hosts, const HostSelector& sel,
                                     const std::string& owner)
{
  if (!sel.pattern.empty()) {
    try {
      check_host_pattern(sel.pattern);
    } catch (const std::invalid_argument& error) {
      throw InputError(sel.where, error.what());
    }
  }
  std::vector<sg4::Host*> selected;
  for (auto* h : hosts) {
    if (!sel.pattern.empty()) {
      if (match_host_pattern(sel.pattern, h->get_name()))
        selected.push_back(h);
    } else if (const char* value = h->get_property(sel.property_key)) {
      if (sel.property_value.empty() || sel.property_value == value)
        selected.push_back(h);
    }
  }
  if (!selected.empty())
    return selected;
  if (sel.pattern.empty())
    throw InputError(sel.where, "no host has " + sel.describe() + (owner.empty() ? "" : " (" + owner + ")"));
  std::vector<std::string> names;
  for (const auto* h : hosts)
    names.push_back(h->get_name());
  throw InputError(sel.where, "host pattern '" + sel.pattern + "'" + (owner.empty() ? "" : " of " + owner) +
                                  " selects no host" + did_you_mean(sel.pattern, pattern_suggestions(names)));
}

} // namespace dcflow
