#include "sim/stages/wire.hpp"

#include "sim/simgrid_compat.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <fmt/format.h>
#include <limits>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace sg4 = simgrid::s4u;

namespace dcflow {
namespace {

// Work that takes `seconds` on an idle host using all its cores.
int exec_for(ActivitySink& sink, sg4::Host* host, double seconds)
{
  int cores = host->get_core_count();
  sink.add(start_exec(host, seconds * host->get_speed(), cores));
  return 1;
}

// Mailboxes for wire flows, reused once both sides of their flows are done (one simulation per process).
std::vector<sg4::Mailbox*>& free_wire_mailboxes()
{
  static std::vector<sg4::Mailbox*> free;
  return free;
}
sg4::Mailbox* acquire_wire_mailbox()
{
  static std::size_t made = 0;
  auto& free              = free_wire_mailboxes();
  if (free.empty())
    return sg4::Mailbox::by_name(fmt::format("dcflow-wire-{}", made++));
  sg4::Mailbox* mailbox = free.back();
  free.pop_back();
  return mailbox;
}

int wire_payload = 0;       // what a flow carries: only its simulated size matters
void* wire_sink  = nullptr; // where the receiving side puts it

// The sendto flows started here that have not been seen to end. SimGrid 3.32 scans every in-flight detached comm
// (all sendto comms) when one ends, so each costs about as many list steps as there are in flight. Counted before
// the flow starts: starting is a simcall, during which every other actor of this instant may start its own.
struct SendtoFlows {
  std::unordered_set<const sg4::Activity*> started;
  std::size_t in_flight = 0;
};
SendtoFlows& sendto_flows()
{
  static SendtoFlows flows;
  static bool hooked = [] {
    sg4::Activity::on_completion_cb([](const sg4::Activity& a) {
      if (flows.started.erase(&a) > 0)
        --flows.in_flight;
    });
    return true;
  }();
  (void)hooked;
  return flows;
}

// How many sendto flows may be in flight before a new wire uses mailbox comms. Each ending sendto flow costs a
// list step per in-flight one; a mailbox flow costs a few simcalls (its far side posted by a wire server, see
// below), and the mailbox memory of both sides while in flight. Measured on scenarios/bench_cluster_10000.yaml
// (9,375 flows at once), 100k jobs: 0, 250 and 2,000 took the same CPU time to within the runs' noise (2,000
// the least memory), sendto alone 60% more. DCFLOW_WIRE_FLOWS (sendto or mailbox) forces one kind, for tests
// that show both give the same result.
bool mailbox_wires_allowed = true; // see forbid_mailbox_wires()

std::size_t mailbox_threshold()
{
  if (!mailbox_wires_allowed)
    return std::numeric_limits<std::size_t>::max();
  static const std::size_t threshold = [] {
    const char* forced = std::getenv("DCFLOW_WIRE_FLOWS");
    if (forced != nullptr && std::string_view(forced) == "mailbox")
      return std::size_t{0};
    if (forced != nullptr && std::string_view(forced) == "sendto")
      return std::numeric_limits<std::size_t>::max();
    return std::size_t{2000};
  }();
  return threshold;
}

std::uint64_t pipe_bytes(std::uint64_t per, std::uint64_t rem, std::uint64_t p)
{
  return per + (p < rem ? 1 : 0);
}

// One side of a mailbox flow of `bytes`: a put when `send`, else a get.
sg4::CommPtr post(sg4::Mailbox* mailbox, bool send, std::uint64_t bytes)
{
  sg4::CommPtr comm = send ? mailbox->put_init(&wire_payload, bytes)
                           : mailbox->get_init()->set_dst_data(&wire_sink, sizeof(wire_sink));
  comm->start();
  return comm;
}

// A mailbox flow: its M pipes on one mailbox, the side of the actor that asked for it (`near`) and the side
// the far host's wire server posts (`far`).
struct MailboxFlow {
  sg4::Mailbox* mailbox = nullptr;
  bool far_sends        = false; // the far side puts (the near actor receives), else it gets
  std::uint64_t per = 0, rem = 0, pipes = 0;
  std::vector<sg4::CommPtr> near, far;
};

// The far end of the mailbox flows of one host: a daemon actor that posts the far side of each flow asked of
// it, at the instant it is asked. One actor per host instead of one per flow, whose stack the kernel would map,
// guard and unmap (about 40 us a flow on the benchmark machine; README "Performance").
//
// SimGrid 3.32 keeps a comm in the list of each actor that posted it until that actor waits on it (CommImpl::
// finish removes it only for a waiting actor), and suspending an actor suspends every activity in that list. So
// the server never suspends itself: it sleeps on a semaphore, which ask() rings only when it is asleep, and it
// waits on the far side of every flow whose near side has ended (the near side's s4u state says so without a
// simcall; the wait returns at once) before it sleeps.
class WireServer {
public:
  explicit WireServer(sg4::Host* host) : host_(host), bell_(sg4::Semaphore::create(0)) {}

  void ask(MailboxFlow&& flow)
  {
    asked_.push_back(std::move(flow));
    if (!started_) {
      started_ = true;
      awake_   = true;
      sg4::Actor::create("wire-server", host_, [this] { serve(); });
    } else if (!awake_) {
      awake_ = true;
      bell_->release();
    }
  }

private:
  void serve()
  {
    // Flows left at the end are released here, inside the engine: the daemon is killed (a ForcefulKillException
    // unwinds this frame) when the last non-daemon actor ends.
    struct Release {
      WireServer& server;
      ~Release()
      {
        server.posted_.clear();
        server.asked_.clear();
      }
    } release{*this};
    post_asked(); // before daemonize(), a simcall: the first flows start in the same round as a new actor's would
    sg4::Actor::self()->daemonize();
    for (;;) {
      post_asked();
      reap();
      // Posting and reaping are simcalls, during which other actors run and may ask for flows without ringing
      // (the server is awake): those are posted before it sleeps. From this check to the acquire no other actor
      // runs.
      if (!asked_.empty())
        continue;
      awake_ = false;
      bell_->acquire(); // until ask() rings
    }
  }

  void post_asked()
  {
    for (; !asked_.empty(); asked_.pop_front()) {
      MailboxFlow& flow = asked_.front();
      for (std::uint64_t p = 0; p < flow.pipes; ++p)
        flow.far.push_back(post(flow.mailbox, flow.far_sends, pipe_bytes(flow.per, flow.rem, p)));
      posted_.push_back(std::move(flow));
    }
  }

  // Flows whose near side has ended: their far side ended with it (the same comm), the wait only takes it off
  // this actor's list; the mailbox is empty and free for another flow.
  void reap()
  {
    auto ended = [](const MailboxFlow& flow) {
      return std::all_of(flow.near.begin(), flow.near.end(),
                         [](const sg4::CommPtr& c) { return c->get_state() == sg4::Activity::State::FINISHED; });
    };
    auto keep = std::partition(posted_.begin(), posted_.end(), [&](const MailboxFlow& f) { return !ended(f); });
    for (auto it = keep; it != posted_.end(); ++it) {
      for (auto& c : it->far)
        c->wait();
      free_wire_mailboxes().push_back(it->mailbox);
    }
    posted_.erase(keep, posted_.end());
  }

  sg4::Host* host_;
  sg4::SemaphorePtr bell_;
  std::deque<MailboxFlow> asked_;
  std::vector<MailboxFlow> posted_;
  bool started_ = false;
  bool awake_   = false; // serving, or rung: ask() need not ring
};

std::unordered_map<sg4::Host*, std::unique_ptr<WireServer>>& wire_servers()
{
  static std::unordered_map<sg4::Host*, std::unique_ptr<WireServer>> servers;
  return servers;
}

WireServer& wire_server(sg4::Host* host)
{
  auto& server = wire_servers()[host];
  if (!server)
    server = std::make_unique<WireServer>(host);
  return *server;
}

} // namespace

void release_wire_servers()
{
  wire_servers().clear();
}

void forbid_mailbox_wires()
{
  mailbox_wires_allowed = false;
}

double wire_bytes(double amount, const TransferSettings& settings)
{
  double payload = settings.compression ? amount / settings.compression->ratio : amount;
  return payload / settings.efficiency;
}

int start_wire(ActivitySink& sink, sg4::Host* src, sg4::Host* dst, double bytes, const TransferSettings& settings)
{
  auto total        = static_cast<std::uint64_t>(bytes);
  auto pipes        = static_cast<std::uint64_t>(settings.pipes);
  std::uint64_t per = total / pipes;
  std::uint64_t rem = total % pipes;
  sg4::Host* self   = sg4::this_actor::get_host();
  SendtoFlows& flows = sendto_flows();
  if (flows.in_flight >= mailbox_threshold() && src != dst && (self == dst || self == src)) {
    // Many flows in flight and this actor is one end: it posts its side of each pipe on a mailbox, and the wire
    // server of the other host posts the other side (a put where this one gets, and the reverse). Unlike
    // sendto's, these comms are not detached, so their ends cost no scan (see above). The flows are the same,
    // from src to dst, started at the same instant.
    bool receive = self == dst;
    MailboxFlow flow;
    flow.mailbox   = acquire_wire_mailbox();
    flow.far_sends = receive;
    flow.per       = per;
    flow.rem       = rem;
    flow.pipes     = pipes;
    for (std::uint64_t p = 0; p < pipes; ++p) {
      flow.near.push_back(post(flow.mailbox, !receive, pipe_bytes(per, rem, p)));
      sink.add(flow.near.back());
    }
    wire_server(receive ? src : dst).ask(std::move(flow));
  } else {
    for (std::uint64_t p = 0; p < pipes; ++p) {
      ++flows.in_flight;
      sg4::CommPtr comm = sg4::Comm::sendto_async(src, dst, pipe_bytes(per, rem, p));
      flows.started.insert(comm.get());
      sink.add(std::move(comm));
    }
  }
  int started = static_cast<int>(pipes);
  // The protocol's CPU work on both ends, on one core each, while the bytes flow.
  if (settings.cpu_per_byte > 0) {
    for (sg4::Host* h : {src, dst}) {
      sink.add(start_exec(h, bytes * settings.cpu_per_byte));
      ++started;
    }
  }
  return started;
}

} // namespace dcflow

namespace dcflow {

void plan_transfer(sg4::Host* src, sg4::Host* dst, int route, double amount, const TransferSettings& t, StageRun& run)
{
  run.record.resource = route;
  run.record.uses     = ResourceClass::Route;
  if (t.setup > 0)
    run.steps.push_back(Step::waiting(t.setup));
  if (t.compression) { // the sender compresses the payload on all its cores at the codec's per-core rate
    double seconds = amount / (t.compression->compress_rate * src->get_core_count());
    run.steps.push_back(Step::starting([src, seconds](ActivitySink& sink) { return exec_for(sink, src, seconds); }));
  }
  ActivityRecord& record = run.record;
  auto wire              = [src, dst, amount, &t, &record](ActivitySink& sink) {
    record.wire_bytes = wire_bytes(amount, t);
    record.wire_start = sg4::Engine::get_clock();
    return start_wire(sink, src, dst, record.wire_bytes, t);
  };
  run.steps.push_back(Step::starting(wire, [&record] { record.wire_end = sg4::Engine::get_clock(); }));
  if (t.compression) {
    double seconds = amount / (t.compression->decompress_rate * dst->get_core_count());
    run.steps.push_back(Step::starting([dst, seconds](ActivitySink& sink) { return exec_for(sink, dst, seconds); }));
  }
}

} // namespace dcflow
