// The LRU cache against hand-traced access sequences.
#include "storage/lru_cache.hpp"

#include <catch2/catch.hpp>

using dcflow::LruCache;

namespace {

// Reads `sequence` through a cache of `capacity` bytes of unit-size objects, filling on every miss;
// returns the number of hits.
int hits_of(const std::vector<int>& sequence, double capacity)
{
  LruCache cache(capacity);
  int hits = 0;
  for (int object : sequence) {
    if (cache.lookup(object))
      ++hits;
    else
      cache.insert(object, 1);
  }
  return hits;
}

} // namespace

TEST_CASE("lru: a known access sequence gives the hand-traced hit ratio")
{
  // Capacity 3 objects; sequence 1 2 3 1 4 1 2 5 1 2 3 4 (MRU first after each access):
  //  1 m [1]   2 m [2 1]   3 m [3 2 1]   1 h [1 3 2]   4 m, evict 2 [4 1 3]   1 h [1 4 3]
  //  2 m, evict 3 [2 1 4]   5 m, evict 4 [5 2 1]   1 h [1 5 2]   2 h [2 1 5]   3 m, evict 5 [3 2 1]
  //  4 m, evict 1 [4 3 2].  Hits: 4 of 12 = 1/3; evictions: 5.
  std::vector<int> sequence{1, 2, 3, 1, 4, 1, 2, 5, 1, 2, 3, 4};
  LruCache cache(3);
  int hits = 0;
  for (int object : sequence) {
    if (cache.lookup(object))
      ++hits;
    else
      cache.insert(object, 1);
  }
  REQUIRE(hits == 4);
  REQUIRE(cache.evictions() == 5);
  REQUIRE(cache.size() == 3);
  REQUIRE(cache.used() == 3);
}

TEST_CASE("lru: cyclic reads of a dataset one object larger than the cache never hit")
{
  // The classic LRU pathology: epochs over objects 0..4 with room for 4: each object is evicted just
  // before it is read again. 5 epochs, 25 reads, 0 hits. With room for 5, all but the first epoch hit.
  std::vector<int> epochs;
  for (int e = 0; e < 5; ++e)
    for (int o = 0; o < 5; ++o)
      epochs.push_back(o);
  REQUIRE(hits_of(epochs, 4) == 0);
  REQUIRE(hits_of(epochs, 5) == 20);
}

TEST_CASE("lru: objects of different sizes evict as many as needed, and one larger than the cache is not kept")
{
  LruCache cache(10);
  REQUIRE(cache.insert(1, 4));
  REQUIRE(cache.insert(2, 4));
  // 8 used; 6 more needs 4 freed: evict 1 (LRU) -> 4 + 6 = 10.
  REQUIRE(cache.insert(3, 6));
  REQUIRE_FALSE(cache.lookup(1));
  REQUIRE(cache.lookup(2));
  REQUIRE(cache.used() == 10);
  REQUIRE(cache.evictions() == 1);
  REQUIRE_FALSE(cache.insert(4, 11)); // bigger than the cache: passes through
  REQUIRE(cache.used() == 10);
  // Re-inserting an object with a new size replaces it, not duplicates it.
  REQUIRE(cache.insert(2, 1));
  REQUIRE(cache.used() == 7);
}

TEST_CASE("lru: contains() answers without counting as a use")
{
  // Room for 2 objects of 1. Fill 1 then 2 (1 is least recent); asking whether 1 is there must not make it
  // recent: inserting 3 still evicts 1.
  dcflow::LruCache cache(2);
  cache.insert(1, 1);
  cache.insert(2, 1);
  REQUIRE(cache.contains(1));
  REQUIRE_FALSE(cache.contains(9));
  cache.insert(3, 1);
  REQUIRE_FALSE(cache.contains(1));
  REQUIRE(cache.contains(2));
  REQUIRE(cache.contains(3));
}
