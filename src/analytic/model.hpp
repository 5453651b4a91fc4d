#pragma once
// The source document's closed-form model, and the pipeline bound beside it.
//   T = M * v_transfer + C_storage + C_compute      (the document adds GB/s and Tflops as plain numbers)
//   E = C_compute * S_sched                          (Tflops)
//   pipeline bound = min(transfer, C_storage, C_compute / flops per input byte)   (GB/s of input data), where
//   transfer = min(transfers at once x M x v_transfer, max flow) x input bytes per byte on the wire
// Inputs are derived from platform and scenario by the simulation layer; nothing here knows SimGrid.

#include <string>

namespace dcflow {

struct AnalyticInputs {
  int pipes                 = 1;     // M
  bool has_transfer         = false; // the workload moves bytes over the network
  double narrowest_link_Bps = 0;     // narrowest link on the storage->compute route
  bool route_has_links      = true;  // false for a route of latency only (a Vivaldi zone): no link bounds it
  double route_latency_s    = 0;     // one-way latency of that route
  double tcp_gamma_bytes    = 0;     // the TCP window (transfer.window, SimGrid's TCP-gamma); 0 = no cap
  // The transfer stage's aggregate: how many of its transfers can run at once (jobs running at once), and
  // how many input bytes each byte on the wire stands for (compression ratio x protocol efficiency x input
  // bytes per transferred byte).
  double concurrent_transfers = 1;
  double input_per_wire_byte  = 1;
  bool has_storage            = false; // the workload reads from a storage tier
  double storage_read_Bps     = 0;     // summed read bandwidth of its disks (object store: object_store_read_Bps)
  double compute_flops        = 0;     // summed speed x cores of the compute pool
  double flops_per_input_byte = 0;     // mean flops per mean input byte of the workload
  double s_sched              = 1;
  // Max flow over the platform's routes from the first transfer stage's source hosts to its destination
  // hosts (src/sim/platform_graph.hpp), bytes/s; has_maxflow is false when the workload transfers nothing.
  double maxflow_Bps = 0;
  bool has_maxflow   = false;
};

// What v_transfer rests on: the narrowest link of the route; for a route without links (a Vivaldi zone), the
// TCP window over its latency, or nothing (v_transfer is then 0 and the transfer stage bounds nothing); None
// when the workload transfers nothing.
enum class VTransferBasis { None, NarrowestLink, TcpWindow, Unbounded };
// results.json's spelling: "", "narrowest link", "tcp window", "unbounded".
std::string to_string(VTransferBasis basis);
// For a route without links, the sentence the console and `validate` print about v_transfer; empty otherwise.
std::string linkless_route_note(VTransferBasis basis);

struct AnalyticResult {
  // The document's terms, in its units.
  int M                           = 1;
  double v_transfer               = 0; // GB/s per pipe: narrowest link, capped for TCP at gamma / (2 * latency)
  VTransferBasis v_transfer_basis = VTransferBasis::None;
  double C_storage                = 0; // GB/s
  double C_compute                = 0; // Tflops
  double S_sched                  = 1;
  double T                        = 0; // "GB/s" — a sum of unlike quantities, as in the document
  double E                        = 0; // Tflops
  // Per-stage capacities in GB/s of input data (0 = stage absent), and their minimum: an upper bound on the
  // end-to-end throughput, since every input byte passes each stage.
  double transfer_GBps  = 0;
  double storage_GBps   = 0;
  double compute_GBps   = 0;
  double pipeline_bound = 0;
  std::string limiting_stage; // "transfer", "storage", "compute" or "" when no stage bounds the flow
  // The network's own limit on the transfer stage: the platform's max flow, beside M * v_transfer (which
  // assumes the pipes share no narrower link). 0 when not computed or unbounded (FATPIPE links only).
  double maxflow_bound = 0; // GB/s
};

// Nominal rate of one TCP flow: min(bandwidth, gamma / (2 * latency)).
double tcp_flow_rate(double bandwidth, double latency, double gamma);

// What an object store can deliver to `clients` readers, bytes/s: the least of its read request rate x
// request size, clients x connections x per-connection cap, and the network's max flow from its hosts to the
// readers. A rate, cap or max flow of 0 sets no limit; 0 when nothing limits it.
double object_store_read_Bps(double request_rate, double request_size, int connections, double connection_cap,
                             double clients, double maxflow_Bps);

AnalyticResult evaluate_model(const AnalyticInputs& inputs);

} // namespace dcflow
