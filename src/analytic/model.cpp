#include "analytic/model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dcflow {

double object_store_read_Bps(double request_rate, double request_size, int connections, double connection_cap,
                             double clients, double maxflow_Bps)
{
  double limit = std::numeric_limits<double>::infinity();
  if (request_rate > 0)
    limit = std::min(limit, request_rate * request_size);
  if (connection_cap > 0)
    limit = std::min(limit, clients * connections * connection_cap);
  if (maxflow_Bps > 0)
    limit = std::min(limit, maxflow_Bps);
  return std::isinf(limit) ? 0 : limit;
}

std::string to_string(VTransferBasis basis)
{
  switch (basis) { // no default: every basis has its name
  case VTransferBasis::None:
    return "";
  case VTransferBasis::NarrowestLink:
    return "narrowest link";
  case VTransferBasis::TcpWindow:
    return "tcp window";
  case VTransferBasis::Unbounded:
    return "unbounded";
  }
  return "";
}

std::string linkless_route_note(VTransferBasis basis)
{
  switch (basis) {
  case VTransferBasis::TcpWindow:
    return "v_transfer: the route has no link, only latency; the TCP window over it is the only bound";
  case VTransferBasis::Unbounded:
    return "v_transfer: the route has no link and no TCP window bounds it; shown as 0, the transfer stage bounds "
           "nothing";
  case VTransferBasis::None:
  case VTransferBasis::NarrowestLink:
    return "";
  }
  return "";
}

double tcp_flow_rate(double bandwidth, double latency, double gamma)
{
  if (gamma <= 0 || latency <= 0)
    return bandwidth;
  return std::min(bandwidth, gamma / (2.0 * latency));
}

AnalyticResult evaluate_model(const AnalyticInputs& in)
{
  AnalyticResult r;
  r.M       = in.pipes;
  r.S_sched = in.s_sched;
  if (in.has_transfer && in.route_has_links) {
    r.v_transfer       = tcp_flow_rate(in.narrowest_link_Bps, in.route_latency_s, in.tcp_gamma_bytes) / 1e9;
    r.v_transfer_basis = VTransferBasis::NarrowestLink;
  } else if (in.has_transfer) {
    // No link to bound the route; only a TCP window over a latency can (gamma / (2 * latency)).
    bool capped        = in.tcp_gamma_bytes > 0 && in.route_latency_s > 0;
    r.v_transfer       = capped ? in.tcp_gamma_bytes / (2.0 * in.route_latency_s) / 1e9 : 0.0;
    r.v_transfer_basis = capped ? VTransferBasis::TcpWindow : VTransferBasis::Unbounded;
  }
  r.C_storage = in.has_storage ? in.storage_read_Bps / 1e9 : 0.0;
  r.C_compute = in.compute_flops / 1e12;
  r.T         = r.M * r.v_transfer + r.C_storage + r.C_compute;
  r.E         = r.C_compute * r.S_sched;

  // Every transfer that can run at once with its M pipes, capped by what the network can carry from the
  // stage's sources to its destinations; then in input bytes.
  double wire = in.concurrent_transfers * r.M * r.v_transfer;
  if (in.has_maxflow && std::isfinite(in.maxflow_Bps) && in.maxflow_Bps > 0)
    wire = std::min(wire, in.maxflow_Bps / 1e9);
  r.transfer_GBps = wire * in.input_per_wire_byte;
  r.storage_GBps  = r.C_storage;
  r.compute_GBps  = in.flops_per_input_byte > 0 ? in.compute_flops / in.flops_per_input_byte / 1e9 : 0.0;
  double bound    = std::numeric_limits<double>::infinity();
  auto consider   = [&](double capacity, const char* stage) {
    if (capacity > 0 && capacity < bound) {
      bound            = capacity;
      r.limiting_stage = stage;
    }
  };
  consider(in.has_storage ? r.storage_GBps : 0, "storage");
  consider(in.has_transfer ? r.transfer_GBps : 0, "transfer");
  consider(r.compute_GBps, "compute");
  r.pipeline_bound = r.limiting_stage.empty() ? 0.0 : bound;
  r.maxflow_bound  = in.has_maxflow && std::isfinite(in.maxflow_Bps) ? in.maxflow_Bps / 1e9 : 0.0;
  return r;
}

} // namespace dcflow
