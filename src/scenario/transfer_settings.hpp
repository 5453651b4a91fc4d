#pragma once
// How bytes move between hosts: the protocol's parameters, striping into M pipes, and compression.
// Defaults per protocol, and the codec presets, are documented with their sources in transfer_settings.cpp.

#include <optional>
#include <string>
#include <vector>

namespace dcflow {

enum class Protocol { Tcp, Udp, Rdma };
std::string to_string(Protocol protocol);

struct Compression {
  std::string codec;          // "lz4", "zstd", "gzip" or "custom"
  double ratio           = 1; // uncompressed / compressed size
  double compress_rate   = 0; // bytes/s of input per core
  double decompress_rate = 0; // bytes/s of output per core
};

struct TransferSettings {
  int pipes           = 1; // M: one transfer is striped into M concurrent flows
  Protocol protocol   = Protocol::Tcp;
  double window       = 0; // bytes; a TCP flow cannot exceed window / RTT (0: no cap)
  double efficiency   = 1; // payload fraction of the bytes on the wire
  double setup        = 0; // s before the first byte (connection set-up)
  double cpu_per_byte = 0; // flops per byte on the wire, on each endpoint
  std::optional<Compression> compression;
};

// The protocol's defaults (a user's keys override them one by one).
TransferSettings protocol_defaults(Protocol protocol);

// The codec presets; nullptr when `codec` is not one of them.
const Compression* codec_preset(const std::string& codec);
std::vector<std::string> codec_names();

} // namespace dcflow
