#include "storage/lru_cache.hpp"

namespace dcflow {

bool LruCache::lookup(std::int64_t object)
{
  auto it = index_.find(object);
  if (it == index_.end())
    return false;
  order_.splice(order_.begin(), order_, it->second);
  return true;
}

bool LruCache::insert(std::int64_t object, double bytes)
{
  auto it = index_.find(object);
  if (it != index_.end()) { // refresh: the size may have changed
    used_ -= it->second->bytes;
    order_.erase(it->second);
    index_.erase(it);
  }
  if (bytes > capacity_)
    return false;
  while (used_ + bytes > capacity_ && !order_.empty()) {
    used_ -= order_.back().bytes;
    index_.erase(order_.back().object);
    order_.pop_back();
    ++evictions_;
  }
  order_.push_front(Entry{object, bytes});
  index_[object] = order_.begin();
  used_ += bytes;
  return true;
}

} // namespace dcflow
