// Transfer blocks: the scenario's `transfer:` and a job class's own, each on top of the settings it refines.
#include "scenario/load_sections.hpp"

namespace dcflow {
namespace {

// The protocols `protocol:` may name (by to_string), in the order messages list them.
const std::vector<Protocol> kProtocols{Protocol::Tcp, Protocol::Udp, Protocol::Rdma};

// compression: a codec name ("none" for no compression), or a map of a codec's preset and/or custom numbers.
std::optional<Compression> read_compression(const YamlReader& reader, const YAML::Node& c, const std::string& cpath)
{
  std::vector<std::string> codecs = codec_names();
  codecs.push_back("none");
  if (c.IsScalar()) {
    std::string codec = reader.choice(c, cpath, codecs);
    if (codec == "none")
      return std::nullopt;
    return *codec_preset(codec);
  }
  reader.require_map(c, cpath);
  reader.check_keys(c, cpath, {"codec", "ratio", "compress_rate", "decompress_rate"}, "'" + cpath + "'");
  Compression comp{"custom", 1, 0, 0};
  if (c["codec"]) {
    codecs.pop_back();
    std::string codec = reader.choice(c["codec"], cpath + ".codec", codecs);
    comp              = *codec_preset(codec);
  }
  if (c["ratio"]) {
    comp.ratio = reader.number(c["ratio"], cpath + ".ratio");
    if (comp.ratio < 1)
      reader.fail(c["ratio"], cpath + ".ratio", "'" + cpath + ".ratio' (uncompressed / compressed) must be at least 1");
  }
  if (c["compress_rate"])
    comp.compress_rate = reader.positive_quantity(c["compress_rate"], cpath + ".compress_rate", Dimension::Bandwidth);
  if (c["decompress_rate"])
    comp.decompress_rate =
        reader.positive_quantity(c["decompress_rate"], cpath + ".decompress_rate", Dimension::Bandwidth);
  if (comp.compress_rate <= 0 || comp.decompress_rate <= 0)
    reader.fail(c, cpath,
                "'" + cpath +
                    "' needs 'codec' (lz4, zstd, gzip) or all of 'ratio', 'compress_rate' and 'decompress_rate'");
  return comp;
}

} // namespace

// Naming a protocol resets the protocol's own parameters (window, efficiency, set-up, CPU per byte) to its
// defaults; pipes and compression carry over unless given.
TransferSettings read_transfer(const YamlReader& reader, const YAML::Node& node, const std::string& path,
                               const TransferSettings& base)
{
  reader.require_map(node, path);
  reader.check_keys(node, path, {"pipes", "protocol", "window", "efficiency", "setup", "cpu_per_byte", "compression"},
                    "'" + path + "'");
  auto sub           = [&](const char* key) { return path + "." + key; };
  TransferSettings t = base;
  if (node["protocol"]) {
    TransferSettings defaults = protocol_defaults(reader.choice_of(node["protocol"], sub("protocol"), kProtocols));
    defaults.pipes            = base.pipes;
    defaults.compression      = base.compression;
    t                         = defaults;
  }
  if (node["pipes"]) {
    t.pipes = reader.bounded_integer(node["pipes"], sub("pipes"), 1, 4096);
  }
  if (node["window"]) {
    if (t.protocol != Protocol::Tcp)
      reader.fail(node["window"], sub("window"),
                  "'window' applies to tcp only; " + to_string(t.protocol) + " has none");
    t.window = reader.positive_quantity(node["window"], sub("window"), Dimension::Bytes);
  }
  if (node["efficiency"]) {
    t.efficiency = reader.number(node["efficiency"], sub("efficiency"));
    if (t.efficiency <= 0 || t.efficiency > 1)
      reader.fail(node["efficiency"], sub("efficiency"),
                  "'" + sub("efficiency") + "' is a payload fraction: it must be in (0, 1]");
  }
  if (node["setup"])
    t.setup = reader.non_negative_quantity(node["setup"], sub("setup"), Dimension::Time);
  if (node["cpu_per_byte"]) {
    t.cpu_per_byte = reader.number(node["cpu_per_byte"], sub("cpu_per_byte"));
    if (t.cpu_per_byte < 0)
      reader.fail(node["cpu_per_byte"], sub("cpu_per_byte"), "'" + sub("cpu_per_byte") + "' must not be negative");
  }
  if (const YAML::Node c = node["compression"])
    t.compression = read_compression(reader, c, sub("compression"));
  return t;
}

} // namespace dcflow
