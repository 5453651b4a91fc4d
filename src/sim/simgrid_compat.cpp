#include "sim/simgrid_compat.hpp"

#include "util/error.hpp"

#include <fmt/format.h>
#include <xbt/config.hpp>

namespace sg4 = simgrid::s4u;

namespace dcflow {

void refuse_user_tcp_gamma(const std::vector<std::string>& engine_args)
{
  for (const auto& a : engine_args)
    if (a.rfind("--cfg=network/TCP-gamma:", 0) == 0)
      throw InputError(Location{"--cfg " + a.substr(6)},
                       "set the TCP window with 'transfer.window' (dcflow sets network/TCP-gamma from it)");
}

std::vector<std::string> engine_args_with_tcp_window(const std::vector<std::string>& engine_args, double window)
{
  refuse_user_tcp_gamma(engine_args);
  std::vector<std::string> args{fmt::format("--cfg=network/TCP-gamma:{}", window)};
  args.insert(args.end(), engine_args.begin(), engine_args.end());
  return args;
}

sg4::ExecPtr start_exec(sg4::Host* host, double flops, int threads)
{
  sg4::ExecPtr exec = sg4::this_actor::exec_init(flops);
  exec->set_host(host);
  exec->set_thread_count(threads); // 1 is SimGrid's default
  exec->start();
  return exec;
}

void cap_rate(const sg4::CommPtr& comm, double rate)
{
  if (rate > 0)
    comm->set_rate(rate);
}

double latency_factor()
{
  return simgrid::config::get_value<double>("network/latency-factor");
}

std::string mend_parse_message(std::string text)
{
  if (auto at = text.find("does name a node"); at != std::string::npos)
    text.replace(at, 16, "does not name a node");
  return text;
}

} // namespace dcflow
