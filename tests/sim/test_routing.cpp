// Route queries on the platform patterns of tests/platforms/routing/, against SimGrid 3.32's own answer
// (Host::route_to on the sealed platform) for every pair dcflow routes, and against hand-derived routes:
// the links read off the XML, the latency summed from their declared latencies. Pairs dcflow finds no
// route for are listed exactly (SimGrid would throw, abort or crash on them). One engine per process.
#include "sim/engine_setup.hpp"
#include "sim/routing.hpp"
#include "sim_support.hpp"
#include "util/strings.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

namespace sg4 = simgrid::s4u;
using namespace dcflow;

namespace {

struct Platform {
  std::vector<std::string> argv;
  std::unique_ptr<sg4::Engine> engine;
  std::map<std::string, sg4::Host*> hosts;

  explicit Platform(const std::string& file)
  {
    engine           = create_engine(test::engine_args(), argv);
    std::string path = DCFLOW_TEST_DIR "/platforms/routing/" + file;
    load_platform_checked(*engine, path, Location{path});
    engine->seal_platform();
    for (auto* h : engine->get_all_hosts())
      hosts[h->get_name()] = h;
  }

  struct Answer {
    bool found = false;
    std::string links; // names, space-separated
    double latency = 0;
    std::string why;
  };

  Answer route(const std::string& src, const std::string& dst) const
  {
    Answer a;
    std::vector<sg4::Link*> links;
    a.found = find_route(hosts.at(src), hosts.at(dst), links, &a.latency, &a.why);
    std::vector<std::string> names;
    for (auto* l : links)
      names.push_back(l->get_name());
    a.links = join(names, " ");
    return a;
  }

  // Every ordered pair: where dcflow finds a route, SimGrid's route_to gives the same links and latency.
  // Returns the pairs without a route, as "src>dst".
  std::vector<std::string> unrouted_and_check_agreement() const
  {
    std::vector<std::string> unrouted;
    for (const auto& [src_name, src] : hosts)
      for (const auto& [dst_name, dst] : hosts) {
        if (src == dst)
          continue;
        Answer ours = route(src_name, dst_name);
        if (!ours.found) {
          unrouted.push_back(src_name + ">" + dst_name);
          continue;
        }
        std::vector<sg4::Link*> links;
        double latency = 0;
        src->route_to(dst, links, &latency);
        std::vector<std::string> names;
        for (auto* l : links)
          names.push_back(l->get_name());
        INFO(src_name << " -> " << dst_name);
        CHECK(ours.links == join(names, " "));
        CHECK(ours.latency == latency);
      }
    return unrouted;
  }
};

} // namespace

TEST_CASE("routing: two clusters joined by a zoneRoute at their routers")
{
  Platform p("two_clusters.xml");
  CHECK(p.unrouted_and_check_agreement().empty());
  // st-0's private link (10 us), storage backbone (5 us), wan (1 ms), compute backbone (5 us), cn-1's link.
  auto r = p.route("st-0", "cn-1");
  CHECK(r.links == "storage_link_0_UP storage_backbone wan compute_backbone compute_link_1_DOWN");
  CHECK(r.latency == Approx(10e-6 + 5e-6 + 1e-3 + 5e-6 + 10e-6).epsilon(1e-12));
}

TEST_CASE("routing: a grid of sites under a Floyd zone, routed through the middle site")
{
  Platform p("grid_floyd.xml");
  CHECK(p.unrouted_and_check_agreement().empty());
  // No zoneRoute joins west and east: Floyd chains west-mid (5 ms) and mid-east (3 ms).
  auto r = p.route("west-0", "east-1");
  CHECK(r.links == "west-0-link west-mid mid-east east-1-link");
  CHECK(r.latency == Approx(10e-6 + 5e-3 + 3e-3 + 10e-6).epsilon(1e-12));
  auto back = p.route("east-1", "west-0");
  CHECK(back.links == "east-1-link mid-east west-mid west-0-link");
}

TEST_CASE("routing: a Dijkstra zone takes the fewest hops, and a host no route names is unreachable")
{
  Platform p("dijkstra.xml");
  auto unrouted = p.unrouted_and_check_agreement();
  // SimGrid 3.32 dereferences a null graph node for 'spare' (it is in no route): dcflow says "no route".
  std::vector<std::string> expected{"node-0>spare", "node-1>spare", "spare>node-0",
                                    "spare>node-1", "spare>store",  "store>spare"};
  std::sort(unrouted.begin(), unrouted.end());
  CHECK(unrouted == expected);
  // 3 hops through r1-r2 (100 us) rather than 4 through r3 (10 + 10 us): Dijkstra counts hops, not latency.
  auto r = p.route("store", "node-0");
  CHECK(r.links == "store-r1 r1-r2 r2-node-0");
  CHECK(r.latency == Approx(10e-6 + 100e-6 + 10e-6).epsilon(1e-12));
  CHECK(p.route("store", "spare").why == "no route of Dijkstra zone 'fabric' names 'spare'");
}

TEST_CASE("routing: bypass routes win over the routes they bypass, in one direction")
{
  Platform p("bypass.xml");
  CHECK(p.unrouted_and_check_agreement().empty());
  auto direct = p.route("store", "node-0"); // bypassRoute inside the Floyd zone
  CHECK(direct.links == "express");
  CHECK(direct.latency == Approx(1e-6).epsilon(1e-12));
  CHECK(p.route("store", "node-1").links == "store-switch node-1-switch");
  // bypassZoneRoute lab -> annex: the hosts' way to lab-gw, then 'direct' instead of uplink + core.
  auto out = p.route("store", "annex-0");
  CHECK(out.links == "store-switch switch-gw direct annex-0-link");
  CHECK(out.latency == Approx(10e-6 + 10e-6 + 500e-6 + 10e-6).epsilon(1e-12));
  // Bypass routes are one-way: annex -> lab takes the zoneRoute back.
  CHECK(p.route("annex-0", "store").links == "annex-0-link core uplink switch-gw store-switch");
}

TEST_CASE("routing: a Vivaldi zone routes with a latency and no link")
{
  Platform p("vivaldi.xml");
  CHECK(p.unrouted_and_check_agreement().empty());
  // (sqrt(3^2 + 4^2) + 1 + 2) ms between (0, 0, h 1) and (3, 4, h 2).
  auto r = p.route("store", "node-0");
  CHECK(r.found);
  CHECK(r.links.empty());
  CHECK(r.latency == Approx(8e-3).epsilon(1e-12));
  // (sqrt(9^2 + 4^2) + 2 + 0.5) ms between (3, 4, h 2) and (-6, 8, h 0.5).
  CHECK(p.route("node-0", "node-1").latency == Approx((std::sqrt(97.0) + 2.5) / 1e3).epsilon(1e-12));
}

TEST_CASE("routing: a cluster and one host beside it, in a zone of its own")
{
  Platform p("cluster_and_host.xml");
  CHECK(p.unrouted_and_check_agreement().empty());
  auto r = p.route("archive", "node-2");
  CHECK(r.links == "archive-link rack_link_2_DOWN");
  CHECK(r.latency == Approx(200e-6 + 5e-6).epsilon(1e-12));
  CHECK(p.route("node-2", "archive").links == "rack_link_2_UP archive-link");
}

TEST_CASE("routing: zones with routing=Cluster joined at their routers")
{
  Platform p("cluster_zones.xml");
  CHECK(p.unrouted_and_check_agreement().empty());
  auto r = p.route("a-0", "b-1");
  CHECK(r.links == "a-0-link_UP cab-a-backbone spine cab-b-backbone b-1-link_DOWN");
  CHECK(r.latency == Approx(5e-6 + 2e-6 + 10e-6 + 2e-6 + 5e-6).epsilon(1e-12));
}

TEST_CASE("routing: a zone with routing=None routes nothing between its members")
{
  Platform p("routing_none.xml");
  auto unrouted = p.unrouted_and_check_agreement(); // SimGrid itself dies here: route_to is never reached
  std::sort(unrouted.begin(), unrouted.end());
  CHECK(unrouted == std::vector<std::string>{"node-0>store", "store>node-0"});
  CHECK(p.route("store", "node-0").why ==
        "zone 'flat' has routing=\"None\", which routes nothing from 'store' to 'node-0'");
}

TEST_CASE("routing: a Full zone without the route")
{
  // full_zone_without_routes.xml declares no route: SimGrid's empty answer is no route to send over.
  std::vector<std::string> argv;
  auto engine      = create_engine(test::engine_args(), argv);
  std::string path = DCFLOW_TEST_DIR "/errors/platforms/full_zone_without_routes.xml";
  load_platform_checked(*engine, path, Location{path});
  engine->seal_platform();
  std::vector<sg4::Link*> links;
  std::string why;
  CHECK_FALSE(find_route(sg4::Host::by_name("a"), sg4::Host::by_name("b"), links, nullptr, &why));
  CHECK(why == "zone 'z' declares no route from 'a' to 'b'");
}

TEST_CASE("routing: a one-way route is no route while cross-traffic looks up the way back")
{
  Platform p("one_way.xml");
  auto r = p.route("store", "node-0");
  CHECK_FALSE(r.found);
  CHECK(r.why == "none back, which SimGrid's cross-traffic model looks up for every transfer: zone 'lab' has no "
                 "route from 'node-0' to 'store'");
}

TEST_CASE("routing: a one-way route is a route without cross-traffic")
{
  std::vector<std::string> argv;
  auto args = test::engine_args();
  args.push_back("--cfg=network/crosstraffic:0");
  auto engine      = create_engine(args, argv);
  std::string path = DCFLOW_TEST_DIR "/platforms/routing/one_way.xml";
  load_platform_checked(*engine, path, Location{path});
  engine->seal_platform();
  std::vector<sg4::Link*> links;
  double latency = 0;
  REQUIRE(find_route(sg4::Host::by_name("store"), sg4::Host::by_name("node-0"), links, &latency));
  REQUIRE(links.size() == 1);
  CHECK(links[0]->get_name() == "downlink");
  CHECK(latency == Approx(1e-3).epsilon(1e-12));
  CHECK_FALSE(find_route(sg4::Host::by_name("node-0"), sg4::Host::by_name("store"), links));
}
