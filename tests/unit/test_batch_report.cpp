// The console table's short headers for swept parameters (app/batch_report.hpp).
#include "app/batch_report.hpp"

#include <catch2/catch.hpp>

using dcflow::short_key_headers;

TEST_CASE("a swept parameter's header is the last component of its path unless another key ends the same")
{
  REQUIRE(short_key_headers({"policy"}) == std::vector<std::string>{"policy"});
  REQUIRE(short_key_headers({"workload.classes.batch.stages.process.flops", "transfer.pipes"}) ==
          std::vector<std::string>{"flops", "pipes"});
  REQUIRE(short_key_headers({"workload.classes.a.stages.read.tier", "workload.classes.a.stages.write.tier",
                             "scheduling.policy"}) == std::vector<std::string>{"read.tier", "write.tier", "policy"});
  REQUIRE(short_key_headers({"platform", "x.platform"}) == std::vector<std::string>{"platform", "x.platform"});
}
