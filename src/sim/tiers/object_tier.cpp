// An object store (S3-like): a stage is cut into requests of `request_size`, moved over `connections`
// concurrent connections spread over the tier's gateway hosts. Each connection is a short-lived server actor
// on its gateway that, for each of its requests in turn, waits for the tier-wide request-rate limit, then the
// first-byte latency, then moves the bytes through a mailbox at most at the per-connection bandwidth (SimGrid
// 3.32 ignores Comm::set_rate on sendto flows, and keeps the rate of the side posted second: both sides set it).
// Under failures (tiers/gateway_outages.hpp) a stage's connections go to the gateways that are up when it starts;
// with every gateway down the job waits for the first to return.
#include "sim/recorder.hpp"
#include "sim/simgrid_compat.hpp"
#include "sim/tier_service.hpp"
#include "sim/tiers/gateway_outages.hpp"
#include "sim/world.hpp"
#include "storage/block_placement.hpp"
#include "storage/request_pacer.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>

namespace sg4 = simgrid::s4u;

namespace dcflow {
namespace {

// Mailboxes for object requests, reused once their connection is done (one simulation per process).
sg4::Mailbox* acquire_mailbox(std::vector<sg4::Mailbox*>& free)
{
  static std::size_t made = 0;
  if (free.empty())
    return sg4::Mailbox::by_name(fmt::format("dcflow-request-{}", made++));
  sg4::Mailbox* mailbox = free.back();
  free.pop_back();
  return mailbox;
}
std::vector<sg4::Mailbox*>& free_mailboxes()
{
  static std::vector<sg4::Mailbox*> free;
  return free;
}

class ObjectTier : public TierService {
public:
  ObjectTier(SimContext sim, int tier)
      : TierService(sim, tier), pacers_{RequestPacer(this->tier().object.read_request_rate),
                                        RequestPacer(this->tier().object.write_request_rate)}
  {
  }

  void plan_read(const StageContext& stage, StageRun& run) override { plan_io(stage, stage.host(), true, run); }
  void plan_write(const StageContext& stage, StageRun& run) override { plan_io(stage, stage.host(), false, run); }
  void plan_fetch(const StageContext& stage, sg4::Host* client, StageRun& run) override
  {
    plan_io(stage, client, true, run);
  }

  // Equally far from every host: no data host.
  void data_hosts(const JobSpec&, std::size_t, std::vector<std::size_t>&) const override {}

  FailureObserver* watch_failures() override
  {
    gateways_.watch();
    return &gateways_;
  }

private:
  struct Request {
    double amount = 0, piece = 0;
    std::int64_t pieces = 0;
    bool read           = true;
  };
  struct Connection {
    sg4::Mailbox* mailbox = nullptr;
    std::int64_t next     = 0; // the request this connection is moving
  };

  // One Requests step: each of k connections moves every k-th request in turn.
  void plan_io(const StageContext& stage, sg4::Host* client, bool read, StageRun& run)
  {
    Request req{stage.amount(), tier().object.request_size, 0, read};
    req.pieces          = piece_count(req.amount, req.piece);
    run.record.tier     = tier_;
    run.record.requests = req.pieces;
    std::size_t base    = sim_.world.serving_index(tier().role, stage.job.id, stage.host());
    auto connections    = std::make_shared<std::vector<Connection>>();
    Step step;
    step.start = [this, req, base, client, connections](ActivitySink& sink) {
      // The gateways that are up, from the job's serving host on (all of them without failures).
      const std::vector<sg4::Host*> servers = gateways_.live(base);
      auto count = static_cast<std::size_t>(std::min<std::int64_t>(tier().object.connections, req.pieces));
      connections->assign(count, {});
      for (std::size_t k = 0; k < count; ++k) {
        auto& c                  = (*connections)[k];
        c.next                   = static_cast<std::int64_t>(k);
        c.mailbox                = acquire_mailbox(free_mailboxes());
        sg4::Host* server        = servers[k % servers.size()];
        sg4::ActorPtr connection = sg4::Actor::create(
            "object-" + tier().name, server,
            [this, req, mailbox = c.mailbox, client, first = c.next, stride = static_cast<std::int64_t>(count)] {
              serve(req, mailbox, client, first, stride);
            });
        // Under failures a daemon: if a failure ends the job, a connection left waiting for it does not hold the run
        // open (only then: daemonize is a simcall, which would reorder a run without failures).
        if (gateways_.watching())
          connection->daemonize();
        sink.add(post(req, c), static_cast<int>(k));
      }
      return static_cast<int>(count);
    };
    // A request ended: its connection moves on to its next one, if any.
    step.ended = [this, req, connections](int tag, ActivitySink& sink) {
      auto& c = (*connections)[static_cast<std::size_t>(tag)];
      c.next += static_cast<std::int64_t>(connections->size());
      if (c.next < req.pieces) {
        sink.add(post(req, c), tag);
        return false;
      }
      free_mailboxes().push_back(c.mailbox);
      return true;
    };
    run.steps.push_back(std::move(step));
  }

  // The client's side of a connection's current request: it receives (read) or sends (write) the request's
  // bytes, at most at the tier's per-connection bandwidth.
  sg4::ActivityPtr post(const Request& req, const Connection& c)
  {
    const ObjectStoreSettings& o = tier().object;
    sg4::CommPtr comm;
    if (req.read)
      comm = c.mailbox->get_init()->set_dst_data(&sink_, sizeof(sink_));
    else
      comm = c.mailbox->put_init(&payload_, static_cast<std::uint64_t>(piece_bytes(req.amount, req.piece, c.next)));
    cap_rate(comm, o.connection_bandwidth);
    return comm->start();
  }

  // The tier's side of one connection, on its server host: each request waits for the tier's request-rate
  // limit, then the first-byte latency, then moves its bytes (matched with the client's post()).
  void serve(const Request& req, sg4::Mailbox* mailbox, sg4::Host* client, std::int64_t first, std::int64_t stride)
  {
    const ObjectStoreSettings& o = tier().object;
    RequestPacer& pacer          = pacers_[req.read ? 0 : 1];
    sg4::Host* server            = sg4::this_actor::get_host();
    int route = req.read ? sim_.world.route_index(server, client) : sim_.world.route_index(client, server);
    for (std::int64_t r = first; r < req.pieces; r += stride) {
      double start = pacer.reserve(sg4::Engine::get_clock());
      if (start > sg4::Engine::get_clock() + kTimeResolution)
        sg4::this_actor::sleep_until(start);
      if (o.first_byte_latency > 0)
        sg4::this_actor::sleep_for(o.first_byte_latency);
      double bytes      = piece_bytes(req.amount, req.piece, r);
      double wire_from  = sg4::Engine::get_clock();
      sg4::CommPtr comm = req.read ? mailbox->put_init(&payload_, static_cast<std::uint64_t>(bytes))
                                   : mailbox->get_init()->set_dst_data(&sink_, sizeof(sink_));
      cap_rate(comm, o.connection_bandwidth); // both sides carry the cap (simgrid_compat.hpp)
      try {
        comm->wait();
      } catch (const simgrid::Exception&) { // the client's job ended by a failure: the connection is dropped
        return;
      }
      sim_.recorder.wire(route, bytes, wire_from, sg4::Engine::get_clock());
    }
  }

  std::array<RequestPacer, 2> pacers_;   // read and write request-rate limits
  GatewayOutages gateways_{sim_, tier_}; // which gateways are up
  int payload_ = 0;                      // what requests carry (only their simulated size matters)
  void* sink_  = nullptr;                // where the receiving side of a request puts it
};

} // namespace

std::unique_ptr<TierService> make_object_tier(SimContext sim, int tier)
{
  return std::make_unique<ObjectTier>(sim, tier);
}

} // namespace dcflow
