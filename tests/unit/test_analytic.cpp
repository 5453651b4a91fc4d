// The document's closed-form model and the pipeline bound.
#include "analytic/model.hpp"

#include <catch2/catch.hpp>

using namespace dcflow;

namespace {

constexpr double kGamma = 4194304; // SimGrid's default network/TCP-gamma, bytes (4 MiB)

// Section 4.3: 10 nodes of 1 Tflops, M = 10 pipes of 1 GB/s, storage 1 GB/s, S_sched = 1.
AnalyticInputs doc_example()
{
  AnalyticInputs in;
  in.pipes                = 10;
  in.has_transfer         = true;
  in.narrowest_link_Bps   = 1e9;
  in.route_latency_s      = 100e-6; // short: gamma/(2L) = 4194304 / 2e-4 = 2.1e10 B/s, far above 1e9
  in.tcp_gamma_bytes      = kGamma;
  in.has_storage          = true;
  in.storage_read_Bps     = 1e9;
  in.compute_flops        = 1e13; // 10 x 1e12
  in.flops_per_input_byte = 1000;
  in.s_sched              = 1;
  return in;
}

} // namespace

TEST_CASE("analytic: the document's worked example gives T = 21 and E = 10 exactly")
{
  auto r = evaluate_model(doc_example());
  REQUIRE(r.M == 10);
  REQUIRE(r.v_transfer == 1.0); // 1e9 B/s / 1e9 = 1 GB/s
  REQUIRE(r.C_storage == 1.0);  // 1e9 / 1e9
  REQUIRE(r.C_compute == 10.0); // 1e13 / 1e12 Tflops
  REQUIRE(r.S_sched == 1.0);
  REQUIRE(r.T == 21.0); // 10*1 + 1 + 10
  REQUIRE(r.E == 10.0); // 10 * 1
}

TEST_CASE("analytic: the worked example's pipeline bound is 1 GB/s, limited by storage")
{
  auto r = evaluate_model(doc_example());
  REQUIRE(r.transfer_GBps == 10.0); // M * v = 10 * 1
  REQUIRE(r.storage_GBps == 1.0);
  REQUIRE(r.compute_GBps == 10.0);  // 1e13 flops/s / 1000 flops/B = 1e10 B/s = 10 GB/s
  REQUIRE(r.pipeline_bound == 1.0); // min(10, 1, 10)
  REQUIRE(r.limiting_stage == "storage");
}

TEST_CASE("analytic: E scales with the scheduling efficiency")
{
  auto in    = doc_example();
  in.s_sched = 0.5;
  auto r     = evaluate_model(in);
  REQUIRE(r.E == 5.0);  // 10 Tflops * 0.5
  REQUIRE(r.T == 21.0); // T does not involve S_sched
  REQUIRE(r.S_sched == 0.5);
}

TEST_CASE("analytic: tcp_flow_rate caps a flow at gamma / (2 L)")
{
  // gamma 4194304 B, L = 10 ms: 4194304 / 0.02 = 209715200 B/s, below a 10 GB/s link.
  REQUIRE(tcp_flow_rate(1e10, 0.01, kGamma) == Approx(209715200.0).epsilon(1e-12));
  // A 100 MB/s link is below the cap: the link wins, exactly.
  REQUIRE(tcp_flow_rate(1e8, 0.01, kGamma) == 1e8);
  // No window (gamma 0) or no latency: no cap.
  REQUIRE(tcp_flow_rate(1e10, 0.01, 0) == 1e10);
  REQUIRE(tcp_flow_rate(1e10, 0.0, kGamma) == 1e10);
}

TEST_CASE("analytic: the TCP cap enters v_transfer and can make transfer the limiting stage")
{
  AnalyticInputs in;
  in.pipes                = 8;
  in.has_transfer         = true;
  in.narrowest_link_Bps   = 1.25e10; // 100 Gbps
  in.route_latency_s      = 0.01;
  in.tcp_gamma_bytes      = kGamma;
  in.has_storage          = true;
  in.storage_read_Bps     = 1e10; // 10 GB/s
  in.compute_flops        = 1e15;
  in.flops_per_input_byte = 1e5; // 1e15 / 1e5 = 1e10 B/s = 10 GB/s
  auto r                  = evaluate_model(in);
  // One pipe: min(1.25e10, 209715200) = 209715200 B/s = 0.2097152 GB/s; 8 pipes: 1.6777216 GB/s.
  REQUIRE(r.v_transfer == Approx(0.2097152).epsilon(1e-12));
  REQUIRE(r.transfer_GBps == Approx(1.6777216).epsilon(1e-12));
  REQUIRE(r.pipeline_bound == Approx(1.6777216).epsilon(1e-12));
  REQUIRE(r.limiting_stage == "transfer");
  // T = 8 * 0.2097152 + 10 + 1000 (C_compute = 1e15 / 1e12 Tflops) = 1011.6777216
  REQUIRE(r.T == Approx(1011.6777216).epsilon(1e-12));
}

TEST_CASE("analytic: compute can be the limiting stage")
{
  auto in                 = doc_example();
  in.storage_read_Bps     = 5e9; // 5 GB/s
  in.pipes                = 4;   // 4 GB/s
  in.compute_flops        = 1e12;
  in.flops_per_input_byte = 500; // 1e12 / 500 = 2e9 B/s = 2 GB/s
  auto r                  = evaluate_model(in);
  REQUIRE(r.compute_GBps == 2.0);
  REQUIRE(r.pipeline_bound == 2.0); // min(4, 5, 2)
  REQUIRE(r.limiting_stage == "compute");
}

TEST_CASE("analytic: absent stages drop out of T and of the pipeline bound")
{
  SECTION("no transfer")
  {
    auto in                 = doc_example();
    in.has_transfer         = false; // the link and pipes are still set, but nothing crosses the network
    in.storage_read_Bps     = 2e9;
    in.flops_per_input_byte = 1e4; // 1e13 / 1e4 = 1e9 B/s = 1 GB/s
    auto r                  = evaluate_model(in);
    REQUIRE(r.v_transfer == 0.0);
    REQUIRE(r.transfer_GBps == 0.0);
    REQUIRE(r.T == 12.0);             // 10 * 0 + 2 + 10
    REQUIRE(r.pipeline_bound == 1.0); // min(storage 2, compute 1); the absent transfer is not a zero
    REQUIRE(r.limiting_stage == "compute");
  }
  SECTION("no storage")
  {
    auto in        = doc_example();
    in.has_storage = false;
    auto r         = evaluate_model(in);
    REQUIRE(r.C_storage == 0.0);
    REQUIRE(r.T == 20.0);              // 10 * 1 + 0 + 10
    REQUIRE(r.pipeline_bound == 10.0); // min(transfer 10, compute 10)
    REQUIRE(r.limiting_stage != "storage");
    REQUIRE_FALSE(r.limiting_stage.empty());
  }
  SECTION("nothing bounds the flow")
  {
    auto in                 = doc_example();
    in.has_transfer         = false;
    in.has_storage          = false;
    in.flops_per_input_byte = 0; // no input bytes: compute does not bound a byte rate
    auto r                  = evaluate_model(in);
    REQUIRE(r.pipeline_bound == 0.0);
    REQUIRE(r.limiting_stage.empty());
    REQUIRE(r.T == 10.0); // C_compute only
  }
}

TEST_CASE("analytic: an object store delivers the least of its request rate, capped connections and network")
{
  // Defaults (5500 GET/s, 8 MiB requests, 10 connections of 90 MB/s) for 64 readers behind 800 GB/s:
  // 5500 x 8388608 = 46.1 GB/s; 64 x 10 x 90e6 = 57.6 GB/s; so the request rate limits.
  CHECK(object_store_read_Bps(5500, 8388608, 10, 90e6, 64, 800e9) == Approx(5500.0 * 8388608));
  // One reader: its 10 connections (0.9 GB/s) limit.
  CHECK(object_store_read_Bps(5500, 8388608, 10, 90e6, 1, 800e9) == Approx(0.9e9));
  // No rate limit and no cap: the network's max flow.
  CHECK(object_store_read_Bps(0, 8388608, 10, 0, 64, 12.5e9) == Approx(12.5e9));
  // Nothing limits it: 0 (the pipeline bound then ignores the storage stage).
  CHECK(object_store_read_Bps(0, 8388608, 10, 0, 64, 0) == 0);
}

TEST_CASE("analytic: the transfer stage is every transfer that can run at once, capped by the max flow")
{
  // 64 nodes each shipping with M = 2 pipes of 100 GB/s: 64 x 2 x 100 = 12,800 GB/s of wire, but the fabric's
  // max flow from storage to compute is 800 GB/s, so the stage carries at most 800 GB/s. One transfer's M x v
  // (200 GB/s) is not a bound: 64 of them run together.
  AnalyticInputs in       = doc_example();
  in.pipes                = 2;
  in.narrowest_link_Bps   = 100e9;
  in.tcp_gamma_bytes      = 0;
  in.concurrent_transfers = 64;
  in.has_maxflow          = true;
  in.maxflow_Bps          = 800e9;
  in.storage_read_Bps     = 536e9;
  in.compute_flops        = 1e18; // compute out of the way
  auto r                  = evaluate_model(in);
  REQUIRE(r.transfer_GBps == 800.0);
  REQUIRE(r.pipeline_bound == 536.0);
  REQUIRE(r.limiting_stage == "storage");
  REQUIRE(r.T == 2 * 100.0 + 536.0 + 1e6); // the document's T keeps one transfer's M x v

  // Each byte on the wire carries 2.5 input bytes (compression 2.5x at 100 % protocol efficiency): the
  // stage passes 800 x 2.5 = 2000 GB/s of input; with 4 input bytes per transferred byte besides, 8000.
  in.input_per_wire_byte = 2.5;
  REQUIRE(evaluate_model(in).transfer_GBps == 2000.0);
  in.input_per_wire_byte = 2.5 * 4;
  REQUIRE(evaluate_model(in).transfer_GBps == 8000.0);

  // Without a max flow (nothing computed) only the transfers at once bound it: 64 x 2 x 100 x 10.
  in.has_maxflow = false;
  REQUIRE(evaluate_model(in).transfer_GBps == 128000.0);
}

TEST_CASE("analytic: a route without links (Vivaldi) is bounded by the TCP window alone, or by nothing")
{
  // No link: only gamma / (2 L) bounds one pipe. 4194304 B / (2 x 8 ms) = 262,144,000 B/s = 0.262144 GB/s,
  // the figure the Vivaldi routing test's scenario prints (store -> node-0 is 8 ms).
  AnalyticInputs in     = doc_example();
  in.pipes              = 1;
  in.route_has_links    = false;
  in.narrowest_link_Bps = 0;
  in.route_latency_s    = 8e-3;
  in.tcp_gamma_bytes    = kGamma;
  auto r                = evaluate_model(in);
  REQUIRE(r.v_transfer_basis == VTransferBasis::TcpWindow);
  REQUIRE(r.v_transfer == Approx(0.262144).epsilon(1e-12));
  REQUIRE(to_string(r.v_transfer_basis) == "tcp window");
  REQUIRE_FALSE(linkless_route_note(r.v_transfer_basis).empty());

  // No window either (udp, rdma): nothing bounds it; v_transfer is shown as 0 and the transfer stage drops out
  // of the pipeline bound, which storage then sets (1 GB/s).
  in.tcp_gamma_bytes = 0;
  r                  = evaluate_model(in);
  REQUIRE(r.v_transfer_basis == VTransferBasis::Unbounded);
  REQUIRE(r.v_transfer == 0.0);
  REQUIRE(r.limiting_stage == "storage");
  REQUIRE(r.pipeline_bound == 1.0);

  // A route with links rests on its narrowest link, and says nothing more.
  r = evaluate_model(doc_example());
  REQUIRE(r.v_transfer_basis == VTransferBasis::NarrowestLink);
  REQUIRE(linkless_route_note(r.v_transfer_basis).empty());
}
