// Enum names: each value's name (to_string), the names the loader accepts for each enum, listed from the
// one table per enum in a fixed order, and no made-up name for a value outside an enum.
#include "report/records.hpp"
#include "scenario/loader.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

using namespace dcflow;

namespace {

// A small valid scenario with one setting (--set PATH=VALUE) changed: the error it gives, or "(no error)".
std::string error_with(const std::string& set)
{
  const std::string text = R"(name: n
platform: p.xml
hosts:
  compute: "node-*"
storage:
  t: {hosts: compute}
workload:
  jobs: 4
  classes:
    c:
      stages:
        s: {kind: read, bytes: 1GB, tier: t}
)";
  try {
    load_scenario_text(text, "s.yaml", {parse_override(set)}, "/base");
  } catch (const InputError& error) {
    return error.what();
  }
  return "(no error)";
}

} // namespace

TEST_CASE("names: every value of every scenario enum has its name")
{
  CHECK(to_string(StageKind::Read) == "read");
  CHECK(to_string(StageKind::Transfer) == "transfer");
  CHECK(to_string(StageKind::Compute) == "compute");
  CHECK(to_string(StageKind::Write) == "write");
  CHECK(to_string(TierKind::Disk) == "disk");
  CHECK(to_string(TierKind::Cache) == "cache");
  CHECK(to_string(TierKind::Object) == "object");
  CHECK(to_string(TierKind::Dfs) == "dfs");
  CHECK(to_string(Placement::Writer) == "writer");
  CHECK(to_string(Placement::Spread) == "spread");
  CHECK(to_string(Arrival::All) == "all");
  CHECK(to_string(Arrival::Interval) == "interval");
  CHECK(to_string(Arrival::Poisson) == "poisson");
  CHECK(to_string(TraceSource::Format::Swf) == "swf");
  CHECK(to_string(TraceSource::Format::AlibabaGpu) == "alibaba_gpu");
  CHECK(to_string(Protocol::Rdma) == "rdma");
  CHECK(to_string(Distribution::Kind::Lognormal) == "lognormal");
  CHECK(to_string(Distribution::Kind::Weibull) == "weibull");
  CHECK(to_string(JobStatus::NotStarted) == "not_started");
}

TEST_CASE("names: a number cast outside an enum is a logic error, not a made-up name")
{
  CHECK_THROWS_AS(to_string(static_cast<StageKind>(42)), std::logic_error);
  CHECK_THROWS_AS(to_string(static_cast<TierKind>(42)), std::logic_error);
  CHECK_THROWS_AS(to_string(static_cast<Protocol>(42)), std::logic_error);
  CHECK_THROWS_AS(to_string(static_cast<Distribution::Kind>(42)), std::logic_error);
  CHECK_THROWS_AS(to_string(static_cast<JobStatus>(42)), std::logic_error);
}

TEST_CASE("names: an unknown name is an error listing the enum's table in order")
{
  const std::string stage = "workload.classes.c.stages.s.";
  CHECK(error_with(stage + "kind=zzz") == "--set " + stage + "kind=zzz: error: unknown value 'zzz' for '" + stage +
                                              "kind'; expected one of 'read', 'transfer', 'compute', 'write', 'allreduce' and 'alltoall'");
  CHECK(error_with("storage.t.kind=zzz") ==
        "--set storage.t.kind=zzz: error: unknown value 'zzz' for 'storage.t.kind'; expected one of 'disk', "
        "'cache', 'memory', 'nvme', 'object' and 'dfs'");
  CHECK(error_with(stage + "bytes={dist: zzz}") ==
        "--set " + stage + "bytes={dist: zzz}: error: unknown value 'zzz' for '" + stage +
            "bytes.dist'; expected one of 'constant', 'uniform', 'exponential', 'normal', 'lognormal', "
            "'weibull' and 'empirical'");
  CHECK(error_with(stage + "bytes={}") == "--set " + stage + "bytes={}: error: distribution '" + stage +
                                              "bytes' needs 'dist:' (constant, uniform, exponential, normal, "
                                              "lognormal, weibull or empirical)");
  CHECK(error_with("transfer.protocol=zzz") == "--set transfer.protocol=zzz: error: unknown value 'zzz' for "
                                               "'transfer.protocol'; expected one of 'tcp', 'udp' and 'rdma'");
  CHECK(error_with("workload.arrival=zzz") == "--set workload.arrival=zzz: error: unknown value 'zzz' for "
                                              "'workload.arrival'; expected one of 'all', 'interval' and 'poisson'");
  CHECK(error_with("workload={trace: {format: zzz}}") ==
        "--set workload={trace: {format: zzz}}: error: unknown value 'zzz' for 'workload.trace.format'; expected one "
        "of 'swf' and 'alibaba_gpu'");
}

TEST_CASE("names: each stage kind refuses the keys of the others, naming the key it takes instead")
{
  const std::string stage = "workload.classes.c.stages.s";
  CHECK(error_with(stage + "={kind: compute, flops: 1Tf, tier: t}") ==
        "--set " + stage + "={kind: compute, flops: 1Tf, tier: t}: error: 'tier' does not apply to a compute stage");
  CHECK(error_with(stage + "={kind: transfer, bytes: 1GB, tier: t}") ==
        "--set " + stage +
            "={kind: transfer, bytes: 1GB, tier: t}: error: 'tier' does not apply to a transfer "
            "stage; use 'from'");
  CHECK(error_with(stage + "={kind: write, bytes: 1GB, tier: t, from: compute}") ==
        "--set " + stage +
            "={kind: write, bytes: 1GB, tier: t, from: compute}: error: 'from' does not apply to a "
            "write stage; use 'tier'");
  CHECK(error_with(stage + "={kind: write, bytes: 1GB, tier: t, access: uniform}") == "(no error)");
}

TEST_CASE("names: an unknown stage key lists kind, after, then the keys each kind reads in registry order")
{
  // read/write read bytes, tier, objects, access; transfer adds from, to; compute adds flops (a kind added to the
  // registry later adds its own keys at the end).
  const std::string stage   = "workload.classes.c.stages.s";
  const std::string message = error_with(stage + "={kind: read, bytes: 1GB, tier: t, colour: red}");
  const std::string prefix  = "--set " + stage +
                             "={kind: read, bytes: 1GB, tier: t, colour: red}: error: unknown key 'colour' in a "
                             "stage; expected one of 'kind', 'after', 'bytes', 'tier', 'objects', 'access', 'from', "
                             "'to'";
  REQUIRE(message.substr(0, prefix.size()) == prefix);
  const std::string rest = message.substr(prefix.size());
  CHECK((rest == " and 'flops'" || rest.substr(0, 9) == ", 'flops'"));
}

TEST_CASE("names: each stage kind of the registry carries its own parameters, read and write share theirs")
{
  CHECK(std::holds_alternative<StorageStageParams>(stage_params_for(StageKind::Read)));
  CHECK(std::holds_alternative<TransferStageParams>(stage_params_for(StageKind::Transfer)));
  CHECK(std::holds_alternative<ComputeStageParams>(stage_params_for(StageKind::Compute)));
  CHECK(std::holds_alternative<StorageStageParams>(stage_params_for(StageKind::Write)));
  // Every alternative of the variant is some kind's parameters (the registry's distinct Params, no more).
  std::vector<bool> used(std::variant_size_v<StageParams>, false);
  for (StageKind kind : kStageKinds)
    used[stage_params_for(kind).index()] = true;
  CHECK(std::count(used.begin(), used.end(), true) == static_cast<long>(used.size()));
  Stage stage; // a default stage is a compute stage with a compute stage's parameters (the trace replay's)
  CHECK(stage.kind == StageKind::Compute);
  CHECK(std::holds_alternative<ComputeStageParams>(stage.params));
  CHECK_THROWS_AS(stage.storage(), std::bad_variant_access);
  CHECK_THROWS_AS(stage_params_for(static_cast<StageKind>(42)), std::logic_error);
}
