#pragma once
// A byte-capacity LRU cache of objects, one per host of a cache tier. Engine-free: the simulation asks it
// whether a read hits and tells it what was filled; tests drive it with known access sequences.

#include <cstdint>
#include <list>
#include <unordered_map>

namespace dcflow {

class LruCache {
public:
  explicit LruCache(double capacity_bytes) : capacity_(capacity_bytes) {}

  // A read of `object`: true on a hit (the object becomes the most recently used).
  bool lookup(std::int64_t object);
  // Whether `object` is cached, without counting as a use (for a scheduler looking for it).
  bool contains(std::int64_t object) const { return index_.count(object) > 0; }
  // Puts `object` of `bytes` in, evicting least recently used objects until it fits. An object larger than
  // the whole cache is not kept (returns false). Returns true when it is cached afterwards.
  bool insert(std::int64_t object, double bytes);

  // Empties the cache (its host failed: memory and, in dcflow's model, local scratch NVMe are lost).
  void clear()
  {
    order_.clear();
    index_.clear();
    used_ = 0;
  }

  double used() const { return used_; }
  std::int64_t evictions() const { return evictions_; }
  std::size_t size() const { return index_.size(); }

private:
  struct Entry {
    std::int64_t object;
    double bytes;
  };
  double capacity_;
  double used_            = 0;
  std::int64_t evictions_ = 0;
  std::list<Entry> order_; // most recently used first
  std::unordered_map<std::int64_t, std::list<Entry>::iterator> index_;
};

} // namespace dcflow
