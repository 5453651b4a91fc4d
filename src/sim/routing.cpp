#include "sim/routing.hpp"

#include <simgrid/kernel/routing/NetPoint.hpp>
#include <simgrid/kernel/routing/NetZoneImpl.hpp>
#include <xbt/config.hpp>

#include <algorithm>
#include <map>
#include <string_view>
#include <typeinfo>
#include <unordered_set>

namespace sg4  = simgrid::s4u;
namespace kr   = simgrid::kernel::routing;
using LinkImpl = simgrid::kernel::resource::StandardLinkImpl;

namespace dcflow {
namespace {

// NetZoneImpl's local-route and bypass lookups are protected; a using-declaration in a derived class
// names them, and the member pointers then work on any zone (virtual dispatch included).
struct ZoneAccess : kr::NetZoneImpl {
  using kr::NetZoneImpl::get_bypass_route;
  using kr::NetZoneImpl::get_local_route;
};
constexpr auto local_route  = &ZoneAccess::get_local_route;
constexpr auto bypass_route = &ZoneAccess::get_bypass_route;

enum class Kind { Full, Floyd, Dijkstra, None, Vivaldi, Other };

// The zone classes are private to libsimgrid (no typeinfo to compare against), but their mangled names are
// stable within 3.32.
std::string_view class_name(const kr::NetZoneImpl& zone)
{
  std::string_view name             = typeid(zone).name();
  constexpr std::string_view prefix = "N7simgrid6kernel7routing";
  if (name.rfind(prefix, 0) == 0 && name.size() > prefix.size() + 1 && name.back() == 'E') {
    name.remove_prefix(prefix.size());
    name.remove_suffix(1);
    std::size_t digits = 0;
    while (digits < name.size() && name[digits] >= '0' && name[digits] <= '9')
      ++digits;
    name.remove_prefix(digits);
  }
  return name;
}

Kind kind_of(const kr::NetZoneImpl& zone)
{
  std::string_view name = class_name(zone);
  return name == "FullZone"       ? Kind::Full
         : name == "FloydZone"    ? Kind::Floyd
         : name == "DijkstraZone" ? Kind::Dijkstra
         : name == "EmptyZone"    ? Kind::None
         : name == "VivaldiZone"  ? Kind::Vivaldi
                                  : Kind::Other;
}

// Whether `point` has Vivaldi coordinates. They are NetPoint extension 1: the only NetPoint extension 3.32
// creates unless its ns-3 network model is in use, which dcflow never selects (VivaldiZone.cpp creates it,
// its id is private). A point without them aborts SimGrid's Vivaldi lookup.
bool has_coordinates(const kr::NetPoint* point)
{
  return point->extension(1) != nullptr;
}

bool watching = false;
// Per zone, the points its routes name: hosts and routers for routes, child zones for zoneRoutes.
std::map<const kr::NetZoneImpl*, std::unordered_set<const kr::NetPoint*>>& route_members()
{
  static std::map<const kr::NetZoneImpl*, std::unordered_set<const kr::NetPoint*>> members;
  return members;
}

// The ancestor of `point` (itself, or the zone point holding it) that is a direct member of `zone`.
const kr::NetPoint* member_of(const kr::NetZoneImpl* zone, const kr::NetPoint* point)
{
  for (const kr::NetZoneImpl* z = point->get_englobing_zone(); z; z = z->get_parent()) {
    if (z == zone)
      return point;
    point = z->get_netpoint();
  }
  return nullptr;
}

std::vector<const kr::NetZoneImpl*> chain_to_root(const kr::NetPoint* point)
{
  std::vector<const kr::NetZoneImpl*> chain;
  for (const kr::NetZoneImpl* z = point->get_englobing_zone(); z; z = z->get_parent())
    chain.push_back(z);
  return chain;
}

class RouteWalk {
public:
  std::vector<LinkImpl*> links;
  double latency = 0;
  std::string why;   // why there is no route, when walk() says so
  std::string empty; // the first zone that added nothing to the route, where one did

  // Mirrors NetZoneImpl::get_global_route_with_netzones (SimGrid 3.32); false where it has no route.
  bool walk(const kr::NetPoint* src, const kr::NetPoint* dst)
  {
    // find_common_ancestors, as 3.32 has it: the zones below the common ancestor that hold src and dst.
    std::vector<const kr::NetZoneImpl*> up_src = chain_to_root(src), up_dst = chain_to_root(dst);
    const kr::NetZoneImpl* parent = nullptr;
    if (src->get_englobing_zone() != dst->get_englobing_zone())
      while (up_src.size() > 1 && up_dst.size() > 1 && up_src.back() == up_dst.back()) {
        parent = up_src.back();
        up_src.pop_back();
        up_dst.pop_back();
      }
    const kr::NetZoneImpl* src_ancestor = up_src.back();
    const kr::NetZoneImpl* dst_ancestor = up_dst.back();
    if (src->get_englobing_zone() == dst->get_englobing_zone())
      src_ancestor = dst_ancestor = src->get_englobing_zone();
    auto* common = const_cast<kr::NetZoneImpl*>(src_ancestor == dst_ancestor ? src_ancestor : parent);

    std::unordered_set<kr::NetZoneImpl*> zones;
    if ((common->*bypass_route)(src, dst, links, &latency, zones))
      return true;

    if (src_ancestor == dst_ancestor) {
      kr::Route route;
      route.link_list_ = std::move(links);
      bool found       = local(common, src, dst, route);
      links            = std::move(route.link_list_);
      return found;
    }
    kr::Route route;
    if (!local(common, src_ancestor->get_netpoint(), dst_ancestor->get_netpoint(), route))
      return false;
    if (!route.gw_src_ || !route.gw_dst_) {
      why = "zone '" + common->get_name() + "' declares no route from '" + src_ancestor->get_name() + "' to '" +
            dst_ancestor->get_name() + "'";
      return false;
    }
    if (src != route.gw_src_ && !walk(src, route.gw_src_))
      return false;
    links.insert(links.end(), route.link_list_.begin(), route.link_list_.end());
    return route.gw_dst_ == dst || walk(route.gw_dst_, dst);
  }

private:
  // One zone's local route between two of its direct members, checked first where 3.32 cannot answer.
  bool local(kr::NetZoneImpl* zone, const kr::NetPoint* a, const kr::NetPoint* b, kr::Route& route)
  {
    Kind kind     = kind_of(*zone);
    auto no_route = [&](const std::string& reason) {
      why = reason;
      return false;
    };
    std::string between = "from '" + a->get_name() + "' to '" + b->get_name() + "'";
    // One point directly in a zone and the other deeper down: 3.32 looks the pair up in the zone's own
    // table as if both were its members (out of its bounds). XML platforms cannot express this.
    for (const kr::NetPoint* p : {a, b})
      if (p->get_englobing_zone() != zone)
        return no_route("'" + p->get_name() + "' is not a direct member of zone '" + zone->get_name() +
                        "', which SimGrid 3.32 cannot route " + between);
    if (kind == Kind::None)
      return no_route("zone '" + zone->get_name() + "' has routing=\"None\", which routes nothing " + between);
    if (kind == Kind::Vivaldi)
      for (const kr::NetPoint* p : {a, b})
        if (!has_coordinates(p))
          return no_route(std::string(p->is_netzone() ? "zone '" : "'") + p->get_name() + "' in Vivaldi zone '" +
                          zone->get_name() + "' has no coordinates" +
                          (p->is_netzone() ? " (a platform file cannot give a zone any)" : ""));
    if (kind == Kind::Dijkstra) {
      const auto& named = route_members()[zone];
      for (const kr::NetPoint* p : {a, b})
        if (named.count(p) == 0)
          return no_route("no route of Dijkstra zone '" + zone->get_name() + "' names '" + p->get_name() + "'");
    }
    std::size_t before = route.link_list_.size();
    try {
      (zone->*local_route)(a, b, &route, &latency);
    } catch (const std::exception&) { // Floyd and Dijkstra: std::invalid_argument "No route from ..."
      return no_route("zone '" + zone->get_name() + "' has no route " + between);
    }
    // A Full zone leaves the route empty where none was declared (a declared route has at least one link):
    // not an error here, but SimGrid will not send over a route with neither link nor latency.
    if (kind == Kind::Full && route.link_list_.size() == before && !route.gw_src_ && empty.empty())
      empty = "zone '" + zone->get_name() + "' declares no route " + between;
    return true;
  }
};

} // namespace

void watch_route_declarations()
{
  if (watching)
    return;
  watching = true;
  kr::NetZoneImpl::on_route_creation.connect([](bool, kr::NetPoint* src, kr::NetPoint* dst, kr::NetPoint* gw_src,
                                                kr::NetPoint* gw_dst, const std::vector<LinkImpl*>&) {
    if (!gw_src || !gw_dst) { // a route between two members of one zone
      route_members()[src->get_englobing_zone()].insert({src, dst});
      return;
    }
    // A zoneRoute is announced with its gateways as src and dst: it was declared by their lowest common
    // zone, between that zone's members that hold them.
    std::vector<const kr::NetZoneImpl*> up_src = chain_to_root(gw_src), up_dst = chain_to_root(gw_dst);
    for (const kr::NetZoneImpl* z : up_src)
      if (std::find(up_dst.begin(), up_dst.end(), z) != up_dst.end()) {
        route_members()[z].insert({member_of(z, gw_src), member_of(z, gw_dst)});
        break;
      }
  });
}

bool find_route(const sg4::Host* src, const sg4::Host* dst, std::vector<sg4::Link*>& links, double* latency,
                std::string* why)
{
  links.clear();
  if (latency)
    *latency = 0;
  if (src == dst) {
    if (why)
      *why = "a host has no route to itself here";
    return false;
  }
  auto fail = [why](const std::string& reason) {
    if (why)
      *why = reason;
    return false;
  };
  RouteWalk forward;
  if (!forward.walk(src->get_netpoint(), dst->get_netpoint()))
    return fail(forward.why);
  // With cross-traffic on (SimGrid's default), a transfer also looks up the route back.
  if (RouteWalk back;
      simgrid::config::get_value<bool>("network/crosstraffic") && !back.walk(dst->get_netpoint(), src->get_netpoint()))
    return fail("none back, which SimGrid's cross-traffic model looks up for every transfer: " + back.why);
  // Every lookup on the way is one SimGrid answers safely: take its own answer (links as s4u objects).
  double route_latency = 0;
  src->route_to(dst, links, &route_latency);
  if (latency)
    *latency = route_latency;
  // SimGrid refuses to send over a route with neither link nor latency ("no connecting path").
  if (links.empty() && route_latency <= 0)
    return fail(forward.empty.empty() ? "it has neither a link nor a latency" : forward.empty);
  return true;
}

} // namespace dcflow
