#include "sim/tiers/dfs_replicas.hpp"

#include "sim/failures/data_unavailable.hpp"
#include "sim/recorder.hpp"
#include "sim/world.hpp"
#include "storage/block_placement.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace sg4 = simgrid::s4u;

namespace dcflow {

DfsReplicas::DfsReplicas(SimContext sim, int tier)
    : sim_(sim), tier_(tier), nodes_(sim.world.role(sim.world.scenario().tiers[static_cast<std::size_t>(tier)].role)),
      back_(nodes_.size(), -1), downs_(nodes_.size(), 0), disk_out_(nodes_.size(), 0), outage_(nodes_.size(), 0), dead_(nodes_.size(), 0)
{
}

std::vector<std::size_t> DfsReplicas::locate(std::int64_t object, std::int64_t block,
                                             std::vector<std::size_t> placed) const
{
  auto it = blocks_.find({object, block});
  return it == blocks_.end() ? placed : it->second.replicas;
}

std::string DfsReplicas::cause(const Key& key, const std::vector<std::size_t>& replicas) const
{
  std::vector<std::string> names;
  bool disks = false; // one of them is out by its disk's failure (a `tier:` group), not its host's
  for (std::size_t r : replicas) {
    names.push_back(nodes_[r]->get_name());
    disks = disks || disk_out_[r];
  }
  return fmt::format("block {} of object {}: every replica's host{} ({}) is down", key.second, key.first,
                     disks ? " or disk" : "", join(names, ", "));
}

std::vector<std::size_t> DfsReplicas::live(std::int64_t object, std::int64_t block,
                                           const std::vector<std::size_t>& replicas)
{
  std::vector<std::size_t> out;
  for (std::size_t r : replicas)
    if (up(r))
      out.push_back(r);
  if (out.empty()) {
    double back = INFINITY;
    for (std::size_t r : replicas)
      back = std::min(back, back_[r]);
    throw DataUnavailable(cause({object, block}, replicas), back);
  }
  return out;
}

std::vector<std::size_t> DfsReplicas::targets(std::int64_t object, std::int64_t block,
                                              const std::vector<std::size_t>& placed)
{
  std::vector<std::size_t> order = block_replicas(object, block, nodes_.size(), static_cast<int>(nodes_.size()));
  std::vector<std::size_t> out;
  for (std::size_t r : placed) {
    if (up(r)) {
      out.push_back(r);
      continue;
    }
    for (std::size_t other : order)
      if (up(other) && std::find(placed.begin(), placed.end(), other) == placed.end() &&
          std::find(out.begin(), out.end(), other) == out.end()) {
        out.push_back(other);
        break;
      }
  }
  if (out.empty()) {
    double back = INFINITY;
    for (double b : back_)
      back = std::min(back, b < 0 ? INFINITY : b);
    throw DataUnavailable(fmt::format("block {} of object {}: no data node is up to write it to", block, object), back);
  }
  return out;
}

void DfsReplicas::written(std::int64_t object, std::int64_t block, double bytes,
                          const std::vector<std::size_t>& replicas)
{
  if (watching_)
    blocks_[{object, block}] = Block{bytes, replicas};
}

void DfsReplicas::failed_over()
{
  ++sim_.recorder.records().storage_failures.reads_failed_over;
}

void DfsReplicas::host_down(const HostOutage& outage)
{
  auto node = sim_.world.tier_node(tier_, outage.host);
  if (!node || stopped_)
    return;
  std::size_t n = *node;
  back_[n]      = std::max(back_[n], outage.up);
  ++downs_[n];
  int which     = ++outage_[n];
  if (outage.up - outage.down <= kDfsDeadNodeInterval)
    return; // back before the namenode would declare it dead
  double dead_at = outage.down + kDfsDeadNodeInterval;
  sg4::ActorPtr timer =
      sg4::Actor::create("dfs-dead-" + nodes_[n]->get_name(), sim_.world.hosts().front(), [this, n, which, dead_at] {
        sg4::this_actor::sleep_until(dead_at);
        if (!stopped_ && outage_[n] == which && !up(n))
          declare_dead(n);
      });
  helpers_.push_back(timer->get_pid());
}

void DfsReplicas::host_up(sg4::Host* host)
{
  auto node = sim_.world.tier_node(tier_, host);
  if (!node || (downs_[*node] > 0 && --downs_[*node] > 0)) // its host or disk is still down
    return;
  back_[*node] = -1;
  dead_[*node] = 0; // its replicas not yet copied elsewhere are readable again
  // A block of a dead node that had no live replica may have one now.
  for (std::size_t n = 0; n < nodes_.size(); ++n)
    if (dead_[n] && !stopped_)
      re_replicate(n);
}

void DfsReplicas::disk_down(int tier, const HostOutage& outage)
{
  if (tier != tier_)
    return;
  if (auto node = sim_.world.tier_node(tier_, outage.host))
    disk_out_[*node] = 1;
  host_down(outage);
}

void DfsReplicas::disk_up(int tier, sg4::Host* host)
{
  if (tier != tier_)
    return;
  if (auto node = sim_.world.tier_node(tier_, host))
    disk_out_[*node] = 0;
  host_up(host);
}

void DfsReplicas::stopped()
{
  stopped_ = true;
  for (aid_t pid : helpers_)
    if (sg4::ActorPtr actor = sg4::Actor::by_pid(pid); actor && actor != sg4::Actor::self())
      actor->kill();
  helpers_.clear();
}

void DfsReplicas::declare_dead(std::size_t node)
{
  dead_[node] = 1;
  re_replicate(node);
}

void DfsReplicas::re_replicate(std::size_t dead)
{
  std::vector<std::tuple<Key, std::size_t, std::size_t>> copies; // block, from, to
  std::vector<std::size_t> taken;
  for (const auto& [key, block] : blocks_) {
    const auto& holders = block.replicas;
    if (std::find(holders.begin(), holders.end(), dead) == holders.end() || copying_.count(key))
      continue;
    auto from = std::find_if(holders.begin(), holders.end(), [this](std::size_t r) { return up(r); });
    if (from == holders.end())
      continue; // no live replica to copy from: it waits for one to return
    std::optional<std::size_t> to;
    for (std::size_t r : block_replicas(key.first, key.second, nodes_.size(), static_cast<int>(nodes_.size())))
      if (up(r) && std::find(holders.begin(), holders.end(), r) == holders.end()) {
        to = r;
        break;
      }
    if (!to)
      continue; // every live node holds it already
    copying_.insert(key);
    copies.emplace_back(key, *from, *to);
  }
  if (copies.empty())
    return;
  sg4::ActorPtr copier = sg4::Actor::create("dfs-rereplicate-" + nodes_[dead]->get_name(), sim_.world.hosts().front(),
                                            [this, dead, copies] {
                                              for (const auto& [key, from, to] : copies)
                                                copy(key, dead, from, to);
                                            });
  helpers_.push_back(copier->get_pid());
}

// One block from `from` to `to`, disk read, flow and disk write at once (as a dfs read streams), in a short-lived
// actor of its own (long-lived actors accumulate activities); then `to` replaces `dead` among its replicas.
void DfsReplicas::copy(Key key, std::size_t dead, std::size_t from, std::size_t to)
{
  double bytes             = blocks_.at(key).bytes;
  sg4::ActorPtr block_copy = sg4::Actor::create("dfs-copy", nodes_[to], [this, key, dead, from, to, bytes] {
    World& world  = sim_.world;
    double start  = sg4::Engine::get_clock();
    auto size     = static_cast<sg_size_t>(bytes);
    int disk_from = world.tier_disks(tier_)[from];
    int disk_to   = world.tier_disks(tier_)[to];
    int route     = world.route_index(nodes_[from], nodes_[to]);
    std::vector<sg4::ActivityPtr> activities{world.disk(disk_from)->read_async(size),
                                             sg4::Comm::sendto_async(nodes_[from], nodes_[to], size),
                                             world.disk(disk_to)->write_async(size)};
    try {
      for (auto& activity : activities)
        activity->wait();
    } catch (const simgrid::Exception&) { // a link of the copy's route went down: the copy is dropped, and tried
      for (auto& activity : activities)   // again when a data node next returns
        if (activity->get_state() == sg4::Activity::State::STARTED)
          activity->cancel();
      copying_.erase(key);
      return;
    }
    double now = sg4::Engine::get_clock();
    sim_.recorder.wire(route, bytes, start, now);
    sim_.recorder.disk_work(StageKind::Read, disk_from, bytes, start, now);
    sim_.recorder.disk_work(StageKind::Write, disk_to, bytes, start, now);
    auto& replicas = blocks_.at(key).replicas;
    std::replace(replicas.begin(), replicas.end(), dead, to);
    copying_.erase(key);
    auto& storage = sim_.recorder.records().storage_failures;
    ++storage.blocks_re_replicated;
    storage.re_replicated_bytes += bytes;
  });
  helpers_.push_back(block_copy->get_pid());
  block_copy->join();
}

void DfsReplicas::finish()
{
  auto& storage = sim_.recorder.records().storage_failures;
  for (const auto& [key, block] : blocks_) {
    ++storage.blocks_written;
    storage.bytes_written += block.bytes;
    if (std::none_of(block.replicas.begin(), block.replicas.end(), [this](std::size_t r) { return up(r); })) {
      ++storage.blocks_lost;
      storage.bytes_lost += block.bytes;
    }
  }
}

} // namespace dcflow
