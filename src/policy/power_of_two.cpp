#include "policy/power_of_two.hpp"

#include <stdexcept>
#include <utility>
#include <vector>

namespace dcflow {

std::size_t PowerOfTwoPolicy::route(const ClusterView& view, const QueuedJob&)
{
  std::vector<std::size_t> active;
  for (std::size_t host = 0; host < view.host_count(); ++host)
    if (view.is_active(host))
      active.push_back(host);
  if (active.empty())
    throw std::logic_error("power_of_two: route() called with no active host");
  if (active.size() == 1)
    return active.front(); // no second choice to draw: and no draw, so the stream is not consumed
  // Two distinct positions: the second is drawn among the m - 1 others (shifted past the first), so every
  // unordered pair is equally likely without rejection.
  std::size_t i = static_cast<std::size_t>(rng_.below(active.size()));
  std::size_t j = static_cast<std::size_t>(rng_.below(active.size() - 1));
  if (j >= i)
    ++j;
  std::size_t a = active[i];
  std::size_t b = active[j];
  if (b < a)
    std::swap(a, b); // a is the lower index, so it wins ties
  std::size_t jobs_a = view.running_count(a) + view.queued_count(a);
  std::size_t jobs_b = view.running_count(b) + view.queued_count(b);
  return jobs_b < jobs_a ? b : a;
}

} // namespace dcflow
