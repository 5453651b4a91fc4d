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
  CHECK(load.storage().tier == 0);
  CHECK(load.amount.kind() == Distribution::Kind::Uniform);
  CHECK(load.amount.mean() == Approx(1.5e9));
  const Stage& ship = stage_named(train, "ship");
  CHECK(ship.kind == StageKind::Transfer);
  CHECK(ship.transfer().from == "storage");
  CHECK(ship.transfer().to == "compute"); // the default destination
  CHECK(ship.amount.kind() == Distribution::Kind::Constant);
  CHECK(ship.amount.mean() == Approx(1e9));
  const Stage& process = stage_named(train, "process");
  CHECK(process.kind == StageKind::Compute);
  CHECK(process.amount.mean() == Approx(1e12));
  const Stage& save = stage_named(train, "save");
  CHECK(save.kind == StageKind::Write);
  CHECK(save.storage().tier == 1);
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

// ---- object and dfs storage tiers --------------------------------------------------------------------------

namespace {

// minimal_scenario with a storage role (line 5) and a 'storage:' section (line 6) whose tiers, given as
// `tiers` (indented by two), start on line 7.
std::string with_tiers(const std::string& tiers)
{
  return minimal_with(4, "  storage: {property: role=storage}\nstorage:\n" + tiers);
}

} // namespace

TEST_CASE("loader: object tier keys parse with their units")
{
  // 50ms = 0.05 s; 16MiB = 16 * 2^20 = 16777216 B; 85MBps = 85e6 B/s (decimal M); 120/m = 2/s.
  Scenario s = load(with_tiers("  s3:\n"
                               "    kind: object\n"
                               "    hosts: storage\n"
                               "    first_byte_latency: 50ms\n"
                               "    request_size: 16MiB\n"
                               "    connections: 32\n"
                               "    connection_bandwidth: 85MBps\n"
                               "    request_rate: {read: 7000/s, write: 120/m}\n"));
  REQUIRE(s.tiers.size() == 1);
  const StorageTier& t = s.tiers[0];
  CHECK(t.kind == TierKind::Object);
  CHECK_FALSE(t.has_disks());
  CHECK_FALSE(t.cache());
  CHECK(t.role == "storage");
  CHECK(t.object.first_byte_latency == Approx(0.05));
  CHECK(t.object.request_size == 16777216);
  CHECK(t.object.connections == 32);
  CHECK(t.object.connection_bandwidth == Approx(85e6));
  CHECK(t.object.read_request_rate == Approx(7000));
  CHECK(t.object.write_request_rate == Approx(2));
  CHECK_FALSE(t.create_disk);
}

TEST_CASE("loader: an object tier's request_rate is a map of read and write rates, or one rate for both")
{
  // Amazon's per-prefix figures as a map: 5500 GET/s and 3500 PUT/s.
  Scenario map =
      load(with_tiers("  s3: {kind: object, hosts: storage, request_rate: {read: 5500/s, write: 3500/s}}\n"));
  CHECK(map.tiers[0].object.read_request_rate == Approx(5500));
  CHECK(map.tiers[0].object.write_request_rate == Approx(3500));
  // A scalar sets both.
  Scenario both = load(with_tiers("  s3: {kind: object, hosts: storage, request_rate: 100/s}\n"));
  CHECK(both.tiers[0].object.read_request_rate == Approx(100));
  CHECK(both.tiers[0].object.write_request_rate == Approx(100));
  // A map with one side keeps the other side's default (3500 PUT/s).
  Scenario read_only = load(with_tiers("  s3: {kind: object, hosts: storage, request_rate: {read: 200/s}}\n"));
  CHECK(read_only.tiers[0].object.read_request_rate == Approx(200));
  CHECK(read_only.tiers[0].object.write_request_rate == Approx(3500));
  // 0 is allowed for the rates, the bandwidth cap and the latency: "no limit", "no cap", "no latency".
  Scenario zero = load(with_tiers("  s3: {kind: object, hosts: storage, request_rate: 0/s, connection_bandwidth: 0, "
                                  "first_byte_latency: 0s}\n"));
  CHECK(zero.tiers[0].object.read_request_rate == 0);
  CHECK(zero.tiers[0].object.write_request_rate == 0);
  CHECK(zero.tiers[0].object.connection_bandwidth == 0);
  CHECK(zero.tiers[0].object.first_byte_latency == 0);
  // The documented range of connections is 1..4096: both ends load.
  CHECK(load(with_tiers("  s3: {kind: object, hosts: storage, connections: 1}\n")).tiers[0].object.connections == 1);
  CHECK(load(with_tiers("  s3: {kind: object, hosts: storage, connections: 4096}\n")).tiers[0].object.connections ==
        4096);
}

TEST_CASE("loader: object and dfs tiers take the documented defaults")
{
  // Object: 100 ms to first byte, 8 MiB requests, 10 connections (boto3's max_concurrency) of 90 MB/s,
  // 5500 GET/s and 3500 PUT/s (Amazon's per-prefix figures). Dfs: HDFS's 128 MiB blocks, 3 replicas, first
  // replica on the writer. Plain and cache tiers keep their kinds.
  Scenario s = load(with_tiers("  s3: {kind: object, hosts: storage}\n"
                               "  hdfs: {kind: dfs, hosts: compute, disk: {read: 2GBps, write: 1GBps}}\n"
                               "  shared: {hosts: storage}\n"
                               "  local: {kind: cache, hosts: compute, capacity: 1TB, backing: shared}\n"));
  REQUIRE(s.tiers.size() == 4);
  const ObjectStoreSettings& o = s.tiers[0].object;
  CHECK(s.tiers[0].kind == TierKind::Object);
  CHECK(o.first_byte_latency == Approx(0.1));
  CHECK(o.request_size == 8388608);
  CHECK(o.connections == 10);
  CHECK(o.connection_bandwidth == Approx(90e6));
  CHECK(o.read_request_rate == Approx(5500));
  CHECK(o.write_request_rate == Approx(3500));

  const StorageTier& d = s.tiers[1];
  CHECK(d.kind == TierKind::Dfs);
  CHECK(d.has_disks());
  CHECK(d.create_disk);
  CHECK(d.read_bandwidth == Approx(2e9));
  CHECK(d.dfs.block_size == 134217728);
  CHECK(d.dfs.replication == 3);
  CHECK(d.dfs.placement == Placement::Writer);

  CHECK(s.tiers[2].kind == TierKind::Disk);
  CHECK(s.tiers[2].has_disks());
  CHECK(s.tiers[3].kind == TierKind::Cache);
  CHECK(s.tiers[3].cache());
  CHECK(s.tiers[3].backing == 2);
  CHECK(to_string(TierKind::Object) == "object");
  CHECK(to_string(TierKind::Dfs) == "dfs");
}

TEST_CASE("loader: dfs tier keys parse with their units")
{
  // 64MiB = 67108864 B.
  Scenario s =
      load(with_tiers("  hdfs:\n"
                      "    kind: dfs\n"
                      "    hosts: storage\n"
                      "    block_size: 64MiB\n"
                      "    replication: 2\n"
                      "    placement: spread\n"
                      "  ceph: {kind: dfs, hosts: storage, block_size: 4MB, replication: 1, placement: writer}\n"));
  REQUIRE(s.tiers.size() == 2);
  CHECK(s.tiers[0].dfs.block_size == 67108864);
  CHECK(s.tiers[0].dfs.replication == 2);
  CHECK(s.tiers[0].dfs.placement == Placement::Spread);
  CHECK(s.tiers[1].dfs.block_size == 4e6);
  CHECK(s.tiers[1].dfs.replication == 1);
  CHECK(s.tiers[1].dfs.placement == Placement::Writer);
}

TEST_CASE("loader: a key of another kind of tier is an error at its value")
{
  CHECK(error_of(with_tiers("  shared: {hosts: storage, replication: 2}\n")) ==
        "s.yaml:7:41: error: 'replication' applies to 'kind: dfs' tiers only");
  CHECK(error_of(with_tiers("  s3: {kind: object, hosts: storage, capacity: 1TB}\n")) ==
        "s.yaml:7:48: error: 'capacity' applies to 'kind: cache' tiers only");
  CHECK(error_of(with_tiers("  hdfs: {kind: dfs, hosts: storage, request_size: 8MiB}\n")) ==
        "s.yaml:7:51: error: 'request_size' applies to 'kind: object' tiers only");
  CHECK(
      error_of(with_tiers("  local: {kind: cache, hosts: storage, capacity: 1TB, backing: x, placement: spread}\n")) ==
      "s.yaml:7:78: error: 'placement' applies to 'kind: dfs' tiers only");
}

TEST_CASE("loader: out-of-range object and dfs values are errors at the value")
{
  CHECK(error_of(with_tiers("  s3: {kind: object, hosts: storage, connections: 4097}\n")) ==
        "s.yaml:7:51: error: 'storage.s3.connections' must be at most 4096, got 4097");
  CHECK(error_of(with_tiers("  s3: {kind: object, hosts: storage, request_size: 0MiB}\n")) ==
        "s.yaml:7:52: error: 'storage.s3.request_size' must be positive, got '0MiB'");
  CHECK(error_of(with_tiers("  s3: {kind: object, hosts: storage, connection_bandwidth: -1MBps}\n")) ==
        "s.yaml:7:60: error: 'storage.s3.connection_bandwidth' must not be negative, got '-1MBps'");
  CHECK(error_of(with_tiers("  s3: {kind: object, hosts: storage, request_rate: {reads: 1/s}}\n")) ==
        "s.yaml:7:53: error: unknown key 'reads' in a request rate; did you mean 'read'?");
  CHECK(error_of(with_tiers("  hdfs: {kind: dfs, hosts: storage, block_size: 0B}\n")) ==
        "s.yaml:7:49: error: 'storage.hdfs.block_size' must be positive, got '0B'");
  CHECK(error_of(with_tiers("  hdfs: {kind: dfs, hosts: storage, replication: 0}\n")) ==
        "s.yaml:7:50: error: 'storage.hdfs.replication' must be at least 1, got 0");
}

TEST_CASE("loader: a cache may front a disk, object or dfs tier, but not another cache")
{
  Scenario s = load(with_tiers("  s3: {kind: object, hosts: storage}\n"
                               "  hdfs: {kind: dfs, hosts: storage}\n"
                               "  near: {kind: cache, hosts: compute, capacity: 1TB, backing: s3}\n"
                               "  far: {kind: cache, hosts: compute, capacity: 1TB, backing: hdfs}\n"));
  CHECK(s.tiers[2].backing == 0);
  CHECK(s.tiers[3].backing == 1);
  // The message points at the backing tier's name (line 8, column 64) and says what it is.
  CHECK(error_of(with_tiers("  near: {kind: cache, hosts: compute, capacity: 1TB, backing: s3}\n"
                            "  local: {kind: cache, hosts: compute, capacity: 1TB, backing: near}\n"
                            "  s3: {kind: object, hosts: storage}\n")) ==
        "s.yaml:8:64: error: a cache's backing tier must be a disk, object or dfs tier, not cache tier 'near'");
  // A cache in front of itself is a cache in front of a cache.
  CHECK(error_of(with_tiers("  local: {kind: cache, hosts: compute, capacity: 1TB, backing: local}\n")) ==
        "s.yaml:7:64: error: a cache's backing tier must be a disk, object or dfs tier, not cache tier 'local'");
}

TEST_CASE("loader: integers beyond an int are errors, not wrapped values")
{
  // 2^31 and 2^32 + 1 would become -2147483648 and 1 in an int.
  CHECK(error_of(with_tiers("  s3: {kind: object, hosts: storage, connections: 2147483648}\n")) ==
        "s.yaml:7:51: error: 'storage.s3.connections' must be at most 4096, got 2147483648");
  CHECK(error_of(with_tiers("  hdfs: {kind: dfs, hosts: storage, replication: 4294967297}\n")) ==
        "s.yaml:7:50: error: 'storage.hdfs.replication' must be at most 2147483647, got 4294967297");
  CHECK(error_of(minimal_scenario, {"transfer.pipes=4294967297"}) ==
        "--set transfer.pipes=4294967297: error: 'transfer.pipes' must be at most 4096, got 4294967297");
}

TEST_CASE("loader: a stage that an object or dfs tier would cut into more than a million pieces is an error")
{
  // 2 TB in 1 MB blocks is 2e6 blocks per job (one simulated activity each); 1 TB in 1 MB is 1e6, accepted.
  std::string text = with_tiers("  hdfs: {kind: dfs, hosts: storage, block_size: 1MB}\n");
  text.replace(text.find("process: {kind: compute, flops: 1Tf}"), 36, "load: {kind: read, bytes: 2TB, tier: hdfs}");
  CHECK(error_of(text) == "s.yaml:14:35: error: stage 'load' would cut 2e+12 bytes into 2e+06 blocks of 1e+06 bytes "
                          "(tier 'hdfs'); more than 1e+06 per stage is not supported: raise 'storage.hdfs.block_size'");
  text.replace(text.find("2TB"), 3, "1TB");
  CHECK(load(text).workload.classes[0].stages[0].amount.mean() == 1e12);
}

TEST_CASE("loader: kind memory and kind nvme are caches with a default medium, which disk: overrides")
{
  // memory: 8 x 4800 MT/s x 8 B = 307.2 GB/s both ways; nvme: 7 GB/s read, 3.5 GB/s write.
  Scenario s = load(with_tiers("  shared: {hosts: storage}\n"
                               "  ram: {kind: memory, hosts: compute, capacity: 512GB, backing: shared}\n"
                               "  ssd: {kind: nvme, hosts: compute, capacity: 4TB, backing: shared}\n"
                               "  fast: {kind: nvme, hosts: compute, capacity: 4TB, backing: shared,\n"
                               "         disk: {read: 14GBps, write: 10GBps}}\n"
                               "  named: {kind: nvme, hosts: compute, capacity: 4TB, backing: shared, disk: nvme0}\n"));
  REQUIRE(s.tiers.size() == 5);
  CHECK(s.tiers[1].kind == TierKind::Cache);
  CHECK(s.tiers[1].create_disk);
  CHECK(s.tiers[1].read_bandwidth == 307.2e9);
  CHECK(s.tiers[1].write_bandwidth == 307.2e9);
  CHECK(s.tiers[2].kind == TierKind::Cache);
  CHECK(s.tiers[2].read_bandwidth == 7e9);
  CHECK(s.tiers[2].write_bandwidth == 3.5e9);
  CHECK(s.tiers[3].read_bandwidth == 14e9);
  CHECK(s.tiers[3].write_bandwidth == 10e9);
  CHECK_FALSE(s.tiers[4].create_disk); // the platform's disk named nvme0
  CHECK(s.tiers[4].disk_name == "nvme0");
}
