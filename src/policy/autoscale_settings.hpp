#pragma once
// scheduling.autoscale: how the pool grows and shrinks (see policy/autoscaler.hpp for the rule). The policy
// layer owns it so that the autoscaler needs nothing from the scenario; the scenario holds one.

#include <optional>

namespace dcflow {

struct AutoscaleSettings {
  bool enabled    = false;
  int min         = 1;
  int max         = 0; // 0: the pool size
  int initial     = 0; // hosts on at time 0; 0: min
  double interval = 10;
  std::optional<double> scale_out_queue;
  std::optional<double> scale_out_util;
  int step             = 1;
  double scale_in_idle = 60;
  double cooldown      = 30;
  double boot_time     = 60;
};

} // namespace dcflow
