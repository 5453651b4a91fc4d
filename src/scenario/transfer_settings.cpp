#include "scenario/transfer_settings.hpp"

#include "util/error.hpp"

#include <algorithm>

namespace dcflow {

std::string to_string(Protocol protocol)
{
  switch (protocol) {
  case Protocol::Tcp:
    return "tcp";
  case Protocol::Udp:
    return "udp";
  case Protocol::Rdma:
    return "rdma";
  }
  unhandled_enum_value("Protocol", static_cast<int>(protocol));
}

TransferSettings protocol_defaults(Protocol protocol)
{
  TransferSettings t;
  t.protocol = protocol;
  switch (protocol) {
  case Protocol::Tcp:
    // Window: SimGrid's network/TCP-gamma default, 4 MiB, with which LV08 was calibrated (Velho & Legrand,
    // "Accuracy study and improvement of network simulation in the SimGrid framework", SIMUTools 2009).
    // Efficiency 1: LV08's bandwidth factor (0.97) already is TCP/IP's goodput over Ethernet.
    // Set-up 0: LV08's latency factor (13.01) already covers handshake and slow start.
    t.window = 4194304;
    break;
  case Protocol::Udp:
    // No window and no handshake; the same framing as TCP within LV08's factors.
    break;
  case Protocol::Rdma:
    // RDMA (InfiniBand / RoCE): the NIC moves the data, no window (credit-based flow control), payload 4096
    // of 4122 bytes per packet with a 4 KiB MTU (LRH 8 + BTH 12 + ICRC 4 + VCRC 2 bytes of headers,
    // InfiniBand Architecture Specification vol. 1), and a queue-pair connection set-up of about 10 us.
    t.efficiency = 4096.0 / 4122.0;
    t.setup      = 10e-6;
    break;
    // CPU per byte is 0 for every protocol by default: platforms give host speeds in flops, while protocol
    // costs are measured in cycles. For kernel TCP/UDP the usual rule of thumb is "1 GHz per 1 Gb/s", about
    // 8 cycles per byte (Foong et al., "TCP performance re-visited", ISPASS 2003): set cpu_per_byte to 8 on
    // platforms whose host speeds count cycles per second; RDMA's kernel bypass makes it near zero.
  }
  return t;
}

// Codec presets: compression ratio and single-core speeds on the Silesia corpus, from the benchmark table of
// the Zstandard README (github.com/facebook/zstd, README.md "Benchmarks", lzbench, at commit 2164a130, the
// zstd 1.4.0 era): lz4 1.8.3: ratio 2.101, 800 MB/s compression, 4220 MB/s decompression;
// zstd 1.4.0 -1: 2.884, 530 MB/s, 1360 MB/s; zlib 1.2.11 -1 (gzip's deflate): 2.743, 110 MB/s, 440 MB/s.
static const std::vector<std::pair<std::string, Compression>>& presets()
{
  static const std::vector<std::pair<std::string, Compression>> table = {
      {"lz4", Compression{"lz4", 2.101, 800e6, 4220e6}},
      {"zstd", Compression{"zstd", 2.884, 530e6, 1360e6}},
      {"gzip", Compression{"gzip", 2.743, 110e6, 440e6}},
  };
  return table;
}

const Compression* codec_preset(const std::string& codec)
{
  for (const auto& [name, c] : presets())
    if (name == codec)
      return &c;
  return nullptr;
}

std::vector<std::string> codec_names()
{
  std::vector<std::string> names;
  for (const auto& entry : presets())
    names.push_back(entry.first);
  return names;
}

} // namespace dcflow
