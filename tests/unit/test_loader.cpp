// Scenario loader: YAML text -> typed Scenario, --set overrides, and the exact wording and place
// (file:line:col or the --set argument) of its error messages. No platform is read here.
#include "scenario/loader.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace dcflow;

namespace {

// A scenario using most of the shape: three roles (pattern, property, {pattern:}), three tiers (first
// disk, created disks, named disk), stages listed out of dependency order, two classes.
const std::string full_scenario = R"(name: full
seed: 42
platform: plat/p.xml
hosts:
  compute: "node-[0-7]"
  storage: {property: role=storage}
  gpu: {pattern: "gpu-*"}
storage:
  shared:
    hosts: storage
  nvme:
    hosts: compute
    disk: {read: 2GBps, write: 1GBps}
  named:
    hosts: storage
    disk: disk-0
transfer:
  pipes: 8
  protocol: tcp
workload:
  arrival: poisson
  rate: 2/s
  jobs: 100
  duration: 1h
  jitter: 5ms
  classes:
    train:
      weight: 3
      stages:
        process: {kind: compute, after: [ship], flops: 1Tf}
        ship: {kind: transfer, after: load, bytes: 1GB, from: storage}
        load: {kind: read, bytes: {dist: uniform, min: 1GB, max: 2GB}, tier: shared}
        save: {kind: write, after: [process, ship], bytes: 100MB, tier: nvme}
    infer:
      stages:
        only: {kind: compute, flops: {dist: exponential, mean: 2Tf}}
scheduling:
  policy: fifo
analytic:
  s_sched: 0.5
)";

// The smallest valid scenario: everything else takes its default.
const std::string minimal_scenario = R"(name: minimal
platform: p.xml
hosts:
  compute: "node-*"
workload:
  jobs: 4
  classes:
    batch:
      stages:
        process: {kind: compute, flops: 1Tf}
)";

Scenario load(const std::string& text, const std::vector<std::string>& sets = {})
{
  std::vector<Override> overrides;
  for (const auto& s : sets)
    overrides.push_back(parse_override(s));
  return load_scenario_text(text, "s.yaml", overrides, "/base");
}

// The full "PLACE: error: MESSAGE" text of the InputError that loading `text` throws.
std::string error_of(const std::string& text, const std::vector<std::string>& sets = {})
{
  try {
    load(text, sets);
  } catch (const InputError& error) {
    return error.what();
  }
  return "(no error)";
}

// minimal_scenario with `line` (already indented) inserted after its line number `after` (1-based).
std::string minimal_with(int after, const std::string& line)
{
  std::string text = minimal_scenario;
  std::size_t pos  = 0;
  for (int i = 0; i < after; ++i)
    pos = text.find('\n', pos) + 1;
  return text.substr(0, pos) + line + "\n" + text.substr(pos);
}

const Stage& stage_named(const JobClass& job_class, const std::string& name)
{
  for (const auto& stage : job_class.stages)
    if (stage.name == name)
      return stage;
  FAIL("no stage " << name);
  throw 0;
}

} // namespace

TEST_CASE("loader: a full scenario gives the expected roles, tiers, transfer and policy")
{
  Scenario s = load(full_scenario);
  CHECK(s.file == "s.yaml");
  CHECK(s.name == "full");
  CHECK(s.seed == 42);
  CHECK(s.platform_file == "/base/plat/p.xml");
  CHECK(s.platform_where.str() == "s.yaml:3:11");

  REQUIRE(s.roles.size() == 3);
  CHECK(s.roles[0].name == "compute");
  CHECK(s.roles[0].selector.pattern == "node-[0-7]");
  CHECK(s.roles[0].selector.property_key.empty());
  CHECK(s.roles[1].name == "storage");
  CHECK(s.roles[1].selector.pattern.empty());
  CHECK(s.roles[1].selector.property_key == "role");
  CHECK(s.roles[1].selector.property_value == "storage");
  CHECK(s.roles[1].selector.where.str() == "s.yaml:6:23");
  CHECK(s.roles[2].name == "gpu");
  CHECK(s.roles[2].selector.pattern == "gpu-*");
  REQUIRE(s.find_role("gpu") != nullptr);
  CHECK(s.find_role("gpus") == nullptr);

  REQUIRE(s.tiers.size() == 3);
  CHECK(s.tiers[0].name == "shared");
  CHECK(s.tiers[0].role == "storage");
  CHECK_FALSE(s.tiers[0].create_disk);
  CHECK(s.tiers[0].disk_name.empty());
  CHECK(s.tiers[1].name == "nvme");
  CHECK(s.tiers[1].role == "compute");
  CHECK(s.tiers[1].create_disk);
  CHECK(s.tiers[1].read_bandwidth == Approx(2e9));
  CHECK(s.tiers[1].write_bandwidth == Approx(1e9));
  CHECK(s.tiers[2].name == "named");
  CHECK_FALSE(s.tiers[2].create_disk);
  CHECK(s.tiers[2].disk_name == "disk-0");
  CHECK(s.find_tier("nvme") == 1);
  CHECK(s.find_tier("ssd") == -1);

  CHECK(s.transfer.pipes == 8);
  CHECK(s.transfer.protocol == dcflow::Protocol::Tcp);
  CHECK(s.policy == "fifo");
  CHECK(s.policy_where.str() == "s.yaml:38:11");
  CHECK(s.s_sched == Approx(0.5));
}

TEST_CASE("loader: a full scenario gives the expected workload")
{
  Scenario s        = load(full_scenario);
  const Workload& w = s.workload;
  CHECK(w.arrival == Arrival::Poisson);
  CHECK(w.rate == Approx(2.0));
  REQUIRE(w.jobs.has_value());
  CHECK(*w.jobs == 100);
  REQUIRE(w.duration.has_value());
  CHECK(*w.duration == Approx(3600.0));
  CHECK(w.jitter == Approx(0.005));

  REQUIRE(w.classes.size() == 2);
  CHECK(w.classes[0].name == "train");
  CHECK(w.classes[0].weight == Approx(3.0));
  CHECK(w.classes[1].name == "infer");
  CHECK(w.classes[1].weight == Approx(1.0));
  REQUIRE(w.classes[1].stages.size() == 1);
  CHECK(w.classes[1].stages[0].kind == StageKind::Compute);
  CHECK(w.classes[1].stages[0].amount.kind() == Distribution::Kind::Exponential);
  CHECK(w.classes[1].stages[0].amount.mean() == Approx(2e12));

  const JobClass& train = w.classes[0];
  const Stage& load     = stage_named(train, "load");
  CHECK(load.kind == StageKind::Read);
  CHECK(load.tier == 0);
  CHECK(load.amount.kind() == Distribution::Kind::Uniform);
  CHECK(load.amount.mean() == Approx(1.5e9));
  const Stage& ship = stage_named(train, "ship");
  CHECK(ship.kind == StageKind::Transfer);
  CHECK(ship.from == "storage");
  CHECK(ship.to == "compute"); // the default destination
  CHECK(ship.amount.kind() == Distribution::Kind::Constant);
  CHECK(ship.amount.mean() == Approx(1e9));
  const Stage& process = stage_named(train, "process");
  CHECK(process.kind == StageKind::Compute);
  CHECK(process.amount.mean() == Approx(1e12));
  const Stage& save = stage_named(train, "save");
  CHECK(save.kind == StageKind::Write);
  CHECK(save.tier == 1);
  CHECK(save.amount.mean() == Approx(1e8));
}

TEST_CASE("loader: stages come in topological order with 'after' remapped to the new indices")
{
  // Written as process, ship, load, save; load <- ship <- process, and save after process and ship.
  Scenario s            = load(full_scenario);
  const JobClass& train = s.workload.classes[0];
  REQUIRE(train.stages.size() == 4);
  CHECK(train.stages[0].name == "load");
  CHECK(train.stages[1].name == "ship");
  CHECK(train.stages[2].name == "process");
  CHECK(train.stages[3].name == "save");
  CHECK(train.stages[0].after.empty());
  CHECK(train.stages[1].after == std::vector<int>{0});
  CHECK(train.stages[2].after == std::vector<int>{1});
  CHECK(train.stages[3].after == std::vector<int>{1, 2});
  for (std::size_t i = 0; i < train.stages.size(); ++i)
    for (int dep : train.stages[i].after)
      CHECK(dep < static_cast<int>(i));
  // Each stage keeps the place of its own definition.
  CHECK(train.stages[0].where.str() == "s.yaml:32:15");
  CHECK(train.stages[2].where.str() == "s.yaml:30:18");
}

TEST_CASE("loader: defaults are seed 0, one tcp pipe, fifo, s_sched 1, arrival all")
{
  Scenario s = load(minimal_scenario);
  CHECK(s.seed == 0);
  CHECK(s.policy == "fifo");
  CHECK(s.s_sched == 1.0);
  CHECK(s.transfer.pipes == 1);
  CHECK(s.transfer.protocol == dcflow::Protocol::Tcp);
  CHECK(s.tiers.empty());
  CHECK(s.timeseries_bins == 200);
  CHECK(s.platform_file == "/base/p.xml");
  CHECK(s.workload.arrival == Arrival::All);
  CHECK(s.workload.rate == 0);
  CHECK(s.workload.jitter == 0);
  CHECK_FALSE(s.workload.duration.has_value());
  REQUIRE(s.workload.jobs.has_value());
  CHECK(*s.workload.jobs == 4);
  REQUIRE(s.workload.classes.size() == 1);
  CHECK(s.workload.classes[0].weight == 1.0);
}

TEST_CASE("loader: an interval of 500ms is a rate of 2 jobs per second")
{
  std::string text = minimal_with(5, "  arrival: interval\n  interval: 500ms");
  Scenario s       = load(text);
  CHECK(s.workload.arrival == Arrival::Interval);
  CHECK(s.workload.rate == Approx(2.0));
}

TEST_CASE("loader: rates take /s, /m and /h")
{
  CHECK(load(minimal_with(5, "  arrival: poisson\n  rate: 2/s")).workload.rate == Approx(2.0));
  CHECK(load(minimal_with(5, "  arrival: poisson\n  rate: 30/m")).workload.rate == Approx(0.5));
  CHECK(load(minimal_with(5, "  arrival: poisson\n  rate: 3600/h")).workload.rate == Approx(1.0));
}

TEST_CASE("loader: an absolute platform path is kept as given")
{
  std::vector<std::string> sets = {"platform=/abs/p.xml"};
  CHECK(load(minimal_scenario, sets).platform_file == "/abs/p.xml");
}

TEST_CASE("loader: parse_override splits PATH=VALUE at the first '='")
{
  Override o = parse_override("transfer.pipes=8");
  CHECK(o.path == "transfer.pipes");
  CHECK(o.value == "8");
  CHECK(o.argument == "transfer.pipes=8");
  Override p = parse_override("hosts.compute={property: a=b}");
  CHECK(p.path == "hosts.compute");
  CHECK(p.value == "{property: a=b}");
  Override e = parse_override("name=");
  CHECK(e.path == "name");
  CHECK(e.value.empty());
}

TEST_CASE("loader: parse_override rejects text without PATH=, naming the argument")
{
  REQUIRE_THROWS_WITH(parse_override("transfer.pipes"),
                      "--set transfer.pipes: error: expected PATH=VALUE, for example transfer.pipes=8");
  REQUIRE_THROWS_WITH(parse_override("=4"), "--set =4: error: expected PATH=VALUE, for example transfer.pipes=8");
  REQUIRE_THROWS_WITH(parse_override("pipes", "--param"),
                      "--param pipes: error: expected PATH=VALUE, for example transfer.pipes=8");
}

TEST_CASE("loader: --set replaces existing values")
{
  Scenario s = load(full_scenario, {"transfer.pipes=3", "seed=7", "workload.classes.train.weight=0.25"});
  CHECK(s.transfer.pipes == 3);
  CHECK(s.seed == 7);
  CHECK(s.workload.classes[0].weight == Approx(0.25));
  // Later --set of the same path wins.
  CHECK(load(minimal_scenario, {"transfer.pipes=2", "transfer.pipes=5"}).transfer.pipes == 5);
}

TEST_CASE("loader: --set creates missing keys and maps")
{
  // minimal_scenario has no 'transfer', no 'analytic' and no 'storage'.
  Scenario s = load(minimal_scenario, {"transfer.pipes=6", "analytic.s_sched=0.8", "storage.fast.hosts=compute",
                                       "storage.fast.disk.read=1GBps", "storage.fast.disk.write=2GBps"});
  CHECK(s.transfer.pipes == 6);
  CHECK(s.s_sched == Approx(0.8));
  REQUIRE(s.tiers.size() == 1);
  CHECK(s.tiers[0].name == "fast");
  CHECK(s.tiers[0].create_disk);
  CHECK(s.tiers[0].read_bandwidth == Approx(1e9));
  CHECK(s.tiers[0].write_bandwidth == Approx(2e9));
}

TEST_CASE("loader: --set parses VALUE as YAML, so a map replaces a whole subtree")
{
  Scenario s =
      load(minimal_scenario, {"hosts.compute={property: role=compute}",
                              "workload.classes.batch.stages.process.flops={dist: uniform, min: 1Tf, max: 3Tf}"});
  CHECK(s.roles[0].selector.pattern.empty());
  CHECK(s.roles[0].selector.property_key == "role");
  CHECK(s.roles[0].selector.property_value == "compute");
  CHECK(s.roles[0].selector.where.str() == "--set hosts.compute={property: role=compute}");
  const auto& amount = s.workload.classes[0].stages[0].amount;
  CHECK(amount.kind() == Distribution::Kind::Uniform);
  CHECK(amount.mean() == Approx(2e12));
  // A quoted value stays a string; a list is a list.
  CHECK(load(minimal_scenario, {"name='007'"}).name == "007");
  Scenario after = load(minimal_with(10, "        post: {kind: compute, flops: 1Tf}"),
                        {"workload.classes.batch.stages.post.after=[process]"});
  CHECK(after.workload.classes[0].stages[1].name == "post");
  CHECK(after.workload.classes[0].stages[1].after == std::vector<int>{0});
}

TEST_CASE("loader: --set also works on an empty file")
{
  std::vector<std::string> sets = {"name=x", "platform=p.xml", "hosts.compute=node-*", "workload.jobs=1",
                                   "workload.classes.c.stages.s={kind: compute, flops: 1f}"};
  Scenario s                    = load("", sets);
  CHECK(s.name == "x");
  CHECK(s.workload.classes[0].stages[0].name == "s");
}

TEST_CASE("loader: errors in --set values name the argument")
{
  CHECK(error_of(minimal_scenario, {"transfer.pipes=0"}) ==
        "--set transfer.pipes=0: error: 'transfer.pipes' must be at least 1, got 0");
  CHECK(error_of(minimal_scenario, {"transfer.pipse=4"})
            .rfind("--set transfer.pipse=4: error: unknown key 'pipse' in "
                   "'transfer'",
                   0) == 0);
  CHECK(error_of(minimal_scenario, {"transfer.pipes=[1,"}) ==
        "--set transfer.pipes=[1,: error: value is not valid YAML: end of sequence flow not found");
  CHECK(error_of(minimal_scenario, {"name.first=x"}) ==
        "--set name.first=x: error: 'name' is not a map, so 'name.first' cannot be set");
  CHECK(error_of(minimal_scenario, {"transfer..pipes=2"}) ==
        "--set transfer..pipes=2: error: empty key in path 'transfer..pipes'");
  CHECK(error_of(minimal_scenario, {"scheduling.policy=fifoo"}) ==
        "--set scheduling.policy=fifoo: error: unknown value 'fifoo' for 'scheduling.policy'; did you mean 'fifo'?");
}

TEST_CASE("loader: unknown keys point at the key, with a did-you-mean")
{
  CHECK(error_of(minimal_with(2, "wrkload: {}")) ==
        "s.yaml:3:1: error: unknown key 'wrkload' in the scenario; did you mean 'workload'?");
  std::string block = minimal_scenario;
  block.replace(block.find("{kind: compute, flops: 1Tf}"), 27,
                "\n          kind: compute\n          flops: 1Tf\n          byte: 1GB");
  CHECK(error_of(block) == "s.yaml:13:11: error: unknown key 'byte' in a stage; did you mean 'bytes'?");
  CHECK(error_of(minimal_with(4, "transfer: {pipes: 2, colour: red}")) ==
        "s.yaml:5:22: error: unknown key 'colour' in 'transfer'; expected one of 'pipes', 'protocol', 'window', "
        "'efficiency', 'setup', 'cpu_per_byte' and 'compression'");
}

TEST_CASE("loader: duplicate keys and leading zeros are errors at the offending token")
{
  CHECK(error_of(minimal_with(6, "  jobs: 8")) == "s.yaml:7:3: error: duplicate key 'jobs' in 'workload'");
  CHECK(error_of(minimal_with(1, "seed: 010")) ==
        "s.yaml:2:7: error: number '010' for 'seed' has a leading zero (YAML 1.1 would read it as octal); remove "
        "the zero");
  CHECK(load(minimal_with(1, "seed: 10")).seed == 10);
}

TEST_CASE("loader: wrong types and bad units point at the value")
{
  CHECK(error_of(minimal_with(4, "transfer:\n  pipes: [1, 2]")) ==
        "s.yaml:6:10: error: 'transfer.pipes' must be an integer, got a list");
  CHECK(error_of(minimal_with(4, "transfer:\n  pipes: many")) ==
        "s.yaml:6:10: error: 'transfer.pipes' must be an integer, got 'many'");
  CHECK(error_of(minimal_with(4, "transfer:\n  pipes: 2.5")) ==
        "s.yaml:6:10: error: 'transfer.pipes' must be an integer, got '2.5'");
  CHECK(error_of(minimal_with(4, "analytic: {s_sched: 2}")) ==
        "s.yaml:5:21: error: 'analytic.s_sched' is an efficiency: it must be in (0, 1]");

  std::string text = minimal_scenario;
  text.replace(text.find("flops: 1Tf"), 10, "flops: 1Tfs");
  CHECK(error_of(text) == "s.yaml:10:41: error: 'workload.classes.batch.stages.process.flops': unknown unit 'Tfs' in "
                          "'1Tfs' (an amount of computation); did you mean 'Tf'?");
  text = minimal_scenario;
  text.replace(text.find("flops: 1Tf"), 10, "flops: 0Tf");
  CHECK(error_of(text) == "s.yaml:10:41: error: 'workload.classes.batch.stages.process.flops' must be positive, got "
                          "'0Tf'");
  text = minimal_scenario;
  text.replace(text.find("flops: 1Tf"), 10, "flops: -1Tf");
  CHECK(error_of(text) == "s.yaml:10:41: error: 'workload.classes.batch.stages.process.flops' must be positive, got "
                          "'-1Tf'");
}

TEST_CASE("loader: workload shape errors")
{
  std::string no_jobs = minimal_scenario;
  no_jobs.replace(no_jobs.find("  jobs: 4\n"), 10, "  arrival: all\n");
  CHECK(error_of(no_jobs) == "s.yaml:6:3: error: 'arrival: all' needs 'jobs' (how many jobs to submit)");
  CHECK(error_of(minimal_with(5, "  arrival: poisson")) ==
        "s.yaml:6:3: error: 'arrival: poisson' needs 'rate' (jobs per second) or 'interval'");
  CHECK(error_of(minimal_with(5, "  arrival: poisson\n  rate: 0/s")) ==
        "s.yaml:7:9: error: 'workload.rate' must be positive, got '0/s'");
  CHECK(error_of(minimal_with(5, "  rate: 2/s")) ==
        "s.yaml:6:9: error: 'arrival: all' submits every job at time 0; 'rate' and 'interval' do not apply");
  CHECK(error_of(minimal_scenario, {"workload.jobs=0"}) ==
        "--set workload.jobs=0: error: 'workload.jobs' must be at least 1, got 0");
  CHECK(error_of(minimal_scenario, {"workload.classes={}"}) ==
        "--set workload.classes={}: error: the workload has no job classes");
}

TEST_CASE("loader: undefined references get a did-you-mean at the reference")
{
  std::string text = minimal_with(4, "  storage: {property: role=storage}\nstorage:\n  shared: {hosts: storage}");
  // stages at line 13 from here on
  CHECK(error_of(text + "        load: {kind: read, bytes: 1GB, tier: shard}\n") ==
        "s.yaml:14:46: error: undefined storage tier 'shard'; did you mean 'shared'?");
  CHECK(error_of(text + "        ship: {kind: transfer, bytes: 1GB, from: storge}\n") ==
        "s.yaml:14:50: error: undefined host role 'storge'; did you mean 'storage'?");
  CHECK(error_of(text + "        more: {kind: compute, after: procss, flops: 1Tf}\n") ==
        "s.yaml:14:38: error: undefined stage 'procss' in class 'batch'; did you mean 'process'?");
  CHECK(error_of(minimal_with(10, "        load: {kind: read, bytes: 1GB, tier: shared}")) ==
        "s.yaml:11:46: error: undefined storage tier 'shared'; the scenario has no 'storage' section");
}

TEST_CASE("loader: a cycle in the stage graph names the cycle")
{
  std::string text = minimal_scenario;
  text.replace(text.find("        process: {kind: compute, flops: 1Tf}"), 44,
               "        a: {kind: compute, after: b, flops: 1Tf}\n        b: {kind: compute, after: a, flops: 1Tf}");
  CHECK(error_of(text) == "s.yaml:11:12: error: stage graph of class 'batch' has a cycle: a -> b -> a");
  CHECK(error_of(minimal_scenario, {"workload.classes.batch.stages.process.after=process"})
            .find("has a cycle: process -> process") != std::string::npos);
}

TEST_CASE("loader: malformed YAML reports the parser's position")
{
  CHECK(error_of("name: x\nhosts:\n  compute: {property: role=compute\nworkload:\n  jobs: 4\n") ==
        "s.yaml:4:9: error: end of map flow not found");
  CHECK(error_of("name: x\nworkload:\n  arrival: all\n    jobs: 4\n") == "s.yaml:4:9: error: illegal map value");
  CHECK(error_of("") == "s.yaml: error: the scenario is empty");
  CHECK(error_of("- a\n- b\n") == "s.yaml:1:1: error: '' must be a map, got a list");
}

TEST_CASE("loader: InputError keeps place and message apart")
{
  try {
    load(minimal_scenario, {"transfer.pipes=0"});
    FAIL("no error");
  } catch (const InputError& error) {
    CHECK(error.where().file == "--set transfer.pipes=0");
    CHECK(error.where().line == 0);
    CHECK(error.message() == "'transfer.pipes' must be at least 1, got 0");
  }
  try {
    load(minimal_with(1, "seed: x"));
    FAIL("no error");
  } catch (const InputError& error) {
    CHECK(error.where().file == "s.yaml");
    CHECK(error.where().line == 2);
    CHECK(error.where().column == 7);
    CHECK(error.message() == "'seed' must be an integer, got 'x'");
  }
}

TEST_CASE("loader: an empirical distribution reads a one-column CSV such as the Philly job runtimes")
{
  // ../shared/data/philly/philly_runtime.csv: header "runtime", 83,154 values in seconds, mean 14,613.33 s
  // (counted with: /usr/bin/python3 -c "import csv; v=[float(r['runtime']) for r in
  //  csv.DictReader(open('philly_runtime.csv'))]; print(len(v), sum(v)/len(v))").
  // As a duration in minutes ('unit: 1m'), the mean of the distribution is 60 times larger.
  const std::string text = R"(name: s
platform: p.xml
hosts: {compute: "n*"}
workload:
  jobs: 1
  classes:
    c:
      estimate: {dist: empirical, file: ../../shared/data/philly/philly_runtime.csv, column: runtime, unit: 1m}
      stages: {s: {kind: compute, flops: 1Gf}}
)";
  // Paths resolve as for a scenario in scenarios/, beside which ../../shared is the shared data folder.
  dcflow::Scenario s = dcflow::load_scenario_text(text, "s.yaml", {}, DCFLOW_TEST_DIR "/../scenarios");
  REQUIRE(s.workload.classes[0].estimate.has_value());
  const auto& d = *s.workload.classes[0].estimate;
  REQUIRE(d.kind() == dcflow::Distribution::Kind::Empirical);
  REQUIRE(d.mean() == Approx(14613.327885609833 * 60).epsilon(1e-9));
  REQUIRE(d.describe().find("83154 values") != std::string::npos);
}
