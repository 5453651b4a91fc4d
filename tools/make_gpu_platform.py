#!/usr/bin/python3
"""Writes a SimGrid 4.1 platform of multi-GPU nodes (DGX H100 or DGX A100 class) for dcflow.

usage: make_gpu_platform.py [--nodes N] [--gpu h100|a100] [--storage-hosts S] [--drives D]
                            [--drive-read BW] [--drive-write BW] [--ingest-hosts I]
                            [--ingest-link BW] [--ingest-latency LAT] [--name NAME] [--out FILE]

  --nodes N          GPU nodes (default 16), 8 GPUs each
  --gpu KIND         h100 (DGX H100: 8 x H100 SXM5 80GB, NVLink4, 8 x 400 Gb/s ConnectX-7) or
                     a100 (DGX A100: 8 x A100 SXM4 80GB, NVLink3, 8 x 200 Gb/s ConnectX-6 HDR); default h100
  --storage-hosts S  storage servers on the separate storage network (default 4)
  --drives D         NVMe drives per storage server (default 12), modelled as one striped <disk id="nvme">
  --drive-read BW    sequential read of one drive (default 7GBps), --drive-write its write (default 3.5GBps)
  --ingest-hosts I   edge collectors outside the datacenter (default 0): hosts ingest-I (property
                     role=ingest) in the storage zone, each behind its own uplink ingest-I-uplink
                     (SPLITDUPLEX, fabric=ingest), e.g. a feed handler on a leased line
  --ingest-link BW   each uplink's bandwidth per direction (default 1Gbps), --ingest-latency its one-way
                     latency (default 5ms)
  --name NAME        the top zone's id (default dgx_<gpu>_<N>)
  --out FILE         write there (default: standard output)

The output depends on the arguments only (no clock, no randomness): the same command writes the same bytes.
The representation, and why, is in the comment at the top of every generated file and in the README
("GPU nodes"). Needs only the standard library.
"""

import argparse
import re
import sys

# Per GPU kind: every figure with its source. Bandwidths of SPLITDUPLEX links are per direction.
KINDS = {
    "h100": {
        "system": "NVIDIA DGX H100",
        "gpu": "H100-SXM5-80GB",
        "speed": "989.4Tf",
        "hbm": "80GB",
        "hbm_bandwidth": "3.35TBps",
        "nvlink": "450GBps",
        "nvlink_note": "NVLink4 through 4 NVSwitch chips: 900 GB/s bidirectional per GPU = 450 GB/s each way",
        "pcie": "64GBps",
        "pcie_note": "PCIe Gen5 x16: 128 GB/s bidirectional = 64 GB/s each way",
        "nic": "400Gbps",
        "nic_note": "8 x single-port ConnectX-7, 400 Gb/s InfiniBand NDR each, one per GPU",
        "storage_nic": "800Gbps",
        "storage_nic_note": "2 x dual-port ConnectX-7: one 400 Gb/s port of each for storage (bonded), 800 Gb/s",
        "cpu": "2x Intel Xeon Platinum 8480C",
        "cores": 112,
        "core_speed": "2Gf",
        "cpu_note": "2 x Intel Xeon Platinum 8480C, 56 cores each = 112 cores, 2.00 GHz base / 3.80 GHz max boost",
        # SimGrid's energy-plugin properties: idle:epsilon:full watts (dcflow's work uses every core: full).
        "gpu_watts": "70:70:700",
        "gpu_watts_note": "full 700 W = the H100 SXM's maximum TDP (H100 datasheet: \"Max thermal design power "
                          "(TDP) Up to 700W (configurable)\"); idle 70 W an assumption (10% of TDP: no datasheet "
                          "gives idle power)",
        "cpu_watts": "200:200:700",
        "cpu_watts_note": "full 700 W = 2 x 350 W TDP of the Xeon Platinum 8480+ (Intel ARK; the 8480C is its "
                          "DGX variant); idle 200 W an assumption. NVSwitches, NICs, fans and memory (the rest "
                          "of the DGX H100's 10.2 kW maximum, DGX H100 datasheet) are not modelled",
        "sources": """\
    H100 SXM5 (NVIDIA H100 Tensor Core GPU datasheet, https://www.nvidia.com/en-us/data-center/h100/ ,
      spec table "H100 SXM"): BFLOAT16 Tensor Core 1,979 TFLOPS "with sparsity" (footnote: "Specifications
      1/2 lower without sparsity") -> 989.4 TFLOPS dense BF16 (dense 989.4 / sparse 1978.9 also tabulated at
      https://glennklockwood.com/garden/processors/h100); GPU memory 80 GB HBM3; GPU memory bandwidth
      3.35 TB/s; interconnect "NVLink: 900GB/s, PCIe Gen5: 128GB/s".
    DGX H100 (NVIDIA DGX H100 User Guide, "Introduction to the NVIDIA DGX H100 System", Hardware Overview,
      https://docs.nvidia.com/dgx/dgxh100-user-guide/introduction-to-dgxh100.html): 8 x H100 (640 GB GPU
      memory), 4 x NVIDIA NVSwitch, 2 x Intel Xeon Platinum 8480C (112 cores total, 2.00 GHz base, 3.80 GHz
      max boost), 2 TB system memory; networking "4x OSFP ports serving 8x single-port NVIDIA ConnectX-7 VPI,
      up to 400 Gb/s InfiniBand/Ethernet" (the compute fabric, one ConnectX-7 per GPU: section 1.2.3
      "Network Modules", Table 6, copy at https://www.easymanua.ls/nvidia/dgx-h100/manual?p=19) and
      "2x dual-port QSFP112 NVIDIA ConnectX-7 VPI, up to 400 Gb/s InfiniBand/Ethernet" (storage and
      in-band management: NVIDIA DGX BasePOD Deployment Guide, Networking, https://docs.nvidia.com/dgx-basepod/
      deployment-guide-dgx-basepod/latest/network-overview.html).
    (These pages were not fetched from nvidia.com here; the figures are the ones their copies quote.)""",
    },
    "a100": {
        "system": "NVIDIA DGX A100",
        "gpu": "A100-SXM4-80GB",
        "speed": "312Tf",
        "hbm": "80GB",
        "hbm_bandwidth": "2.039TBps",
        "nvlink": "300GBps",
        "nvlink_note": "NVLink3 through 6 NVSwitch chips: 600 GB/s bidirectional per GPU = 300 GB/s each way",
        "pcie": "32GBps",
        "pcie_note": "PCIe Gen4 x16: 64 GB/s bidirectional = 32 GB/s each way",
        "nic": "200Gbps",
        "nic_note": "8 x single-port ConnectX-6 VPI, 200 Gb/s HDR InfiniBand each, one per GPU",
        "storage_nic": "400Gbps",
        "storage_nic_note": "2 x dual-port ConnectX-6 VPI: one 200 Gb/s port of each for storage, 400 Gb/s",
        "cpu": "2x AMD EPYC 7742",
        "cores": 128,
        "core_speed": "2.25Gf",
        "cpu_note": "2 x AMD EPYC 7742 (Rome), 64 cores each = 128 cores, 2.25 GHz base / 3.4 GHz max boost",
        "gpu_watts": "50:50:400",
        "gpu_watts_note": "full 400 W = the A100 80GB SXM's maximum TDP (A100 datasheet: \"Max thermal design "
                          "power (TDP) 400W\"); idle 50 W an assumption (no datasheet gives idle power)",
        "cpu_watts": "150:150:450",
        "cpu_watts_note": "full 450 W = 2 x 225 W default TDP of the EPYC 7742 (AMD product page); idle 150 W an "
                          "assumption. NVSwitches, NICs, fans and memory (the rest of the DGX A100's 6.5 kW "
                          "maximum, DGX A100 datasheet) are not modelled",
        "sources": """\
    A100 SXM4 80GB (NVIDIA A100 Tensor Core GPU datasheet, nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf,
      https://www.nvidia.com/en-us/data-center/a100/ , column "A100 80GB SXM"): BFLOAT16 Tensor Core
      312 TFLOPS dense (624 with sparsity); GPU memory 80 GB HBM2e; GPU memory bandwidth 2,039 GB/s;
      interconnect "NVLink: 600GB/s, PCIe Gen4: 64GB/s" (also tabulated at
      https://glennklockwood.com/garden/processors/A100: "300+300 GB/s NVLink", "32+32 GB/s PCIe Gen4").
    DGX A100 (NVIDIA DGX A100 User Guide DU-09821-001, section 1.1 "Hardware Overview",
      https://docs.nvidia.com/dgx/dgxa100-user-guide/introduction-to-dgxa100.html): 8 x A100, 6 x NVIDIA
      NVSwitch, 2 x AMD EPYC 7742 (64 cores each, 2.25 GHz base, 3.4 GHz max boost), 8 x single-port
      Mellanox ConnectX-6 VPI 200 Gb/s HDR InfiniBand (cluster network, one per GPU) and 2 x dual-port
      ConnectX-6 VPI 200 Gb/s (storage and in-band management).
    (These pages were not fetched from nvidia.com here; the figures are the ones their copies quote.)""",
    },
}

GPUS_PER_NODE = 8

# Latencies: no vendor publishes a per-hop figure for these links; these are assumptions, small against any
# transfer of a training job (a 1 MB NVLink transfer takes 2.2 us at 450 GB/s).
LAT_NVLINK = "0.5us"  # GPU port -> NVSwitch -> GPU port: two ports, 1 us GPU to GPU
LAT_PCIE = "1us"  # CPU <-> GPU through the PCIe switches
LAT_NIC = "1us"  # NIC and its cable to the leaf switch
LAT_FABRIC = "2us"  # leaf -> spine -> leaf of a non-blocking two-level fat tree

STORAGE_SERVER_CORES = 64  # an assumption: storage servers run no scenario compute
STORAGE_SERVER_NIC = "800Gbps"  # 2 x 400 Gb/s, the same ports as a DGX H100's storage path (assumption)
INGEST_CORES = 32  # an edge collector: a 32-core server (assumption); it compresses what it ships
# Per NVMe drive, busy and idle watts (assumptions: 25 W is the power envelope of U.2 enterprise drives of the
# PM1733 class; idle 5 W). A server's striped disk draws drives x these.
DRIVE_WATTS_BUSY = 25
DRIVE_WATTS_IDLE = 5


def quantity(value, unit):
    """A number with SimGrid's unit suffix, without trailing zeros: 84GBps, 3.5GBps."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text + unit


def parse_bandwidth(text):
    """'7GBps' -> (7.0, 'GBps'); only GBps and MBps are accepted for drives."""
    for unit, scale in (("GBps", 1.0), ("MBps", 1e-3)):
        if text.endswith(unit):
            try:
                return float(text[: -len(unit)]) * scale
            except ValueError:
                break
    raise argparse.ArgumentTypeError(f"'{text}' is not a bandwidth in GBps or MBps (e.g. 7GBps)")


def whole_number(minimum):
    """An argparse type: a whole number of at least `minimum`."""
    def check(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number")
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value
    return check


positive = whole_number(1)
non_negative = whole_number(0)


def simgrid_quantity(unit):
    """A number with a SimGrid unit ending in `unit` (1Gbps, 125MBps; 5ms, 20us), kept as written."""
    def check(text):
        m = re.fullmatch(r"([0-9]+(\.[0-9]+)?)([a-zA-Z]*)", text)
        if not m or not m.group(3).lower().endswith(unit.lower()) or float(m.group(1)) <= 0:
            raise argparse.ArgumentTypeError(f"'{text}' is not a positive SimGrid quantity in ...{unit} "
                                             f"(e.g. {'1Gbps' if unit == 'bps' else '5ms'})")
        return text
    return check


def header(args, kind, out):
    k = kind
    drive_read, drive_write = args.drive_read, args.drive_write
    out.append(f"""<?xml version='1.0'?>
<!DOCTYPE platform SYSTEM "https://simgrid.org/simgrid.dtd">
<!--
  dcflow platform: {args.nodes} x {k['system']} ({args.nodes * GPUS_PER_NODE} GPUs) and {args.storage_hosts} storage \
servers on a separate storage network.
  Generated by: tools/make_gpu_platform.py {' '.join(args.argv)}
  (regenerate rather than edit; the same arguments give the same file)

  REPRESENTATION
    Each GPU node is a <zone routing="Full"> named node-K holding
      node-K-gpu-0 .. node-K-gpu-7   one host per GPU: speed = dense BF16 peak, 1 core; properties
                                     gpu (its kind), hbm (capacity), hbm_bandwidth
      node-K-cpu                     the node's CPU cores (decoding, preprocessing); no gpu property
      node-K-gw                      a router: the node's gateway to the compute network (other nodes)
      node-K-storage-gw              a router: the node's gateway to the storage network
    and its links, each with a property fabric = nvlink | pcie | compute | storage:
      node-K-nvlink-I  (SPLITDUPLEX) GPU I's NVLink ports into the NVSwitch fabric; GPU I -> GPU J within a
                                     node crosses nvlink-I_UP, nvlink-J_DOWN and nothing else (the NVSwitch
                                     chips are non-blocking, so per-GPU port links are the whole constraint)
      node-K-pcie-I    (SPLITDUPLEX) CPU <-> GPU I; UP = towards the CPU
      node-K-nic-I     (SPLITDUPLEX) GPU I's own compute NIC, on its route to node-K-gw: a GPU's traffic to
                                     other nodes is capped by its NIC, the node's by its 8 NICs
      node-K-storage-nic (SPLITDUPLEX) the node's storage NICs, on the routes to node-K-storage-gw
    The zone "storage" holds the storage servers storage-S (property role=storage, one <disk id="nvme">),
    their NIC links storage-S-nic and the router storage-gw.
    The top zone (Full) joins them with zoneRoutes through the gateways:
      node-A <-> node-B    node-A-gw, compute-fabric, node-B-gw   (the compute network, non-blocking)
      storage <-> node-K   storage-gw, storage-fabric, node-K-storage-gw  (the storage network, non-blocking)
    Routes, therefore:
      GPU -> GPU, same node        nvlink-I_UP nvlink-J_DOWN
      GPU -> GPU, other node       nic-I_UP compute-fabric nic-J_DOWN            (never a storage link)
      storage-S -> node-K-cpu      storage-S-nic_UP storage-fabric storage-nic_DOWN   (no GPU NIC)
      storage-S -> node-K-gpu-I    ... storage-nic_DOWN pcie-I_DOWN  (GPUDirect Storage: no compute NIC)
      node-K-cpu <-> node-K-gpu-I  pcie-I
    Why this shape: SimGrid joins two zones by ONE zoneRoute, with one gateway pair, whichever of their
    hosts talk. So what differs per host (GPU I leaves through its own NIC, the CPU through the storage
    NICs) must live in the node zone's own routes to a gateway, and what differs per destination zone (another
    node: the compute fabric; the storage zone: the storage fabric) in the zoneRoutes. A node zone may use a
    different gateway in each zoneRoute (SimGrid 3.32 keeps the gateways per route, not per zone), hence
    two: compute traffic enters through node-K-gw, storage traffic through node-K-storage-gw, and no route
    between a GPU and a storage server touches a compute NIC. The one route that mixes fabrics is a CPU to
    another node (storage NICs, then the compute fabric): the zoneRoute between two nodes is the compute
    network's, and an input pipeline does not use it.

  FIGURES (per GPU unless said; SPLITDUPLEX bandwidths are per direction)
    GPU {k['gpu']}: {k['speed']} dense BF16, HBM {k['hbm']} at {k['hbm_bandwidth']}
    NVLink: {k['nvlink']} per direction ({k['nvlink_note']})
    PCIe: {k['pcie']} per direction ({k['pcie_note']})
    compute NIC: {k['nic']} ({k['nic_note']}); {GPUS_PER_NODE} per node
    storage NICs: {k['storage_nic']} per node ({k['storage_nic_note']})
    CPU host: {k['cores']} cores at {k['core_speed']} each ({k['cpu_note']}).
      Per-core speed = base clock: one "flop" of a CPU stage is one core cycle at base clock, so a decode or
      preprocessing cost measured in core-seconds (or images/s per core) converts directly: flops =
      core-seconds x {k['core_speed']}. Boost clocks and SIMD width are not credited (sustained all-core
      clocks sit near base, and decoding is not a peak-FLOP workload).
{k['sources']}
    Power (SimGrid's energy-plugin properties, watts; dcflow derives energy from them, see README "Energy
      and cost"): GPU wattage_per_state="{k['gpu_watts']}" (idle:epsilon:full), wattage_off="0": {k['gpu_watts_note']}.
      CPU host wattage_per_state="{k['cpu_watts']}", wattage_off="0": {k['cpu_watts_note']}.
      Storage disk wattage_range="{args.drives * DRIVE_WATTS_IDLE}:{args.drives * DRIVE_WATTS_BUSY}" (idle:busy) = {args.drives} drives x {DRIVE_WATTS_IDLE}:{DRIVE_WATTS_BUSY} W (assumed: 25 W is the U.2 enterprise
      drive's power envelope; idle 5 W). Links carry no power figures (no source for per-port NIC power here).
    Storage servers (assumed, every number a generator argument): {args.drives} NVMe drives each, one striped
      disk of {args.drives} x {quantity(drive_read, 'GBps')} read, {args.drives} x \
{quantity(drive_write, 'GBps')} write (the defaults, per drive: Samsung PM1733
      class PCIe Gen4 U.2, 7,000 MB/s read, ~3,500 MB/s write, sources in platforms/ai_cluster_fat_tree.xml), NIC
      {STORAGE_SERVER_NIC} (2 x 400 Gb/s), {STORAGE_SERVER_CORES} cores at 2 Gf (not used by scenarios).
    Fabrics: compute-fabric and storage-fabric are SHARED links as wide as both directions of every NIC that
      feeds them (all compute NICs; all storage-server NICs), so they never bind: a flow's bytes (and, with
      SimGrid's cross-traffic, its 5% of acknowledgements) also cross its NICs, whose two directions together
      carry at most that much. The NICs are the bottlenecks, as in a full-bisection fat tree; a fabric's
      utilisation is the fraction of that full-duplex width in use. SimGrid routes one path per host pair;
      adaptive routing and oversubscribed spines are not modelled.
{ingest_note(args)}    Latencies (assumptions, no vendor per-hop figure): NVLink port {LAT_NVLINK}, PCIe {LAT_PCIE}, NIC {LAT_NIC},
      fabric {LAT_FABRIC} (leaf-spine-leaf).
-->
""")


def ingest_note(args):
    if args.ingest_hosts == 0:
        return ""
    return (f"    Ingest (assumed, every number a generator argument): {args.ingest_hosts} edge collector(s) ingest-I \
(role=ingest,\n"
            f"      {INGEST_CORES} cores at 2 Gf) in the storage zone, each behind its own uplink ingest-I-uplink \
(SPLITDUPLEX,\n"
            f"      {args.ingest_link} per direction, {args.ingest_latency} one way, fabric=ingest): a feed \
handler reached over a leased\n"
            f"      line. Routes: ingest-I -> node-K-cpu crosses ingest-I-uplink_UP, storage-fabric, \
node-K-storage-nic_DOWN.\n")


def node_zone(node, kind, out):
    n = f"node-{node}"
    out.append(f'    <zone id="{n}" routing="Full">\n')
    for g in range(GPUS_PER_NODE):
        out.append(f'      <host id="{n}-gpu-{g}" speed="{kind["speed"]}" core="1">\n'
                   f'        <prop id="gpu" value="{kind["gpu"]}"/>\n'
                   f'        <prop id="hbm" value="{kind["hbm"]}"/>\n'
                   f'        <prop id="hbm_bandwidth" value="{kind["hbm_bandwidth"]}"/>\n'
                   f'        <prop id="wattage_per_state" value="{kind["gpu_watts"]}"/>\n'
                   f'        <prop id="wattage_off" value="0"/>\n'
                   f'      </host>\n')
    out.append(f'      <host id="{n}-cpu" speed="{kind["core_speed"]}" core="{kind["cores"]}">\n'
               f'        <prop id="cpu" value="{kind["cpu"]}"/>\n'
               f'        <prop id="wattage_per_state" value="{kind["cpu_watts"]}"/>\n'
               f'        <prop id="wattage_off" value="0"/>\n'
               f'      </host>\n')
    out.append(f'      <router id="{n}-gw"/>\n')
    out.append(f'      <router id="{n}-storage-gw"/>\n')

    def link(name, bandwidth, latency, fabric):
        out.append(f'      <link id="{name}" bandwidth="{bandwidth}" latency="{latency}" sharing_policy="SPLITDUPLEX">'
                   f'<prop id="fabric" value="{fabric}"/></link>\n')

    for g in range(GPUS_PER_NODE):
        link(f"{n}-nvlink-{g}", kind["nvlink"], LAT_NVLINK, "nvlink")
    for g in range(GPUS_PER_NODE):
        link(f"{n}-pcie-{g}", kind["pcie"], LAT_PCIE, "pcie")
    for g in range(GPUS_PER_NODE):
        link(f"{n}-nic-{g}", kind["nic"], LAT_NIC, "compute")
    link(f"{n}-storage-nic", kind["storage_nic"], LAT_NIC, "storage")

    # Routes are symmetrical (SimGrid's default): the way back takes each SPLITDUPLEX link's other direction.
    for a in range(GPUS_PER_NODE):
        for b in range(a + 1, GPUS_PER_NODE):
            out.append(f'      <route src="{n}-gpu-{a}" dst="{n}-gpu-{b}">'
                       f'<link_ctn id="{n}-nvlink-{a}" direction="UP"/>'
                       f'<link_ctn id="{n}-nvlink-{b}" direction="DOWN"/></route>\n')
    for g in range(GPUS_PER_NODE):
        out.append(f'      <route src="{n}-gpu-{g}" dst="{n}-cpu">'
                   f'<link_ctn id="{n}-pcie-{g}" direction="UP"/></route>\n')
    for g in range(GPUS_PER_NODE):
        out.append(f'      <route src="{n}-gpu-{g}" dst="{n}-gw">'
                   f'<link_ctn id="{n}-nic-{g}" direction="UP"/></route>\n')
    for g in range(GPUS_PER_NODE):
        out.append(f'      <route src="{n}-gpu-{g}" dst="{n}-storage-gw">'
                   f'<link_ctn id="{n}-pcie-{g}" direction="UP"/>'
                   f'<link_ctn id="{n}-storage-nic" direction="UP"/></route>\n')
    out.append(f'      <route src="{n}-cpu" dst="{n}-storage-gw">'
               f'<link_ctn id="{n}-storage-nic" direction="UP"/></route>\n')
    # A CPU talks to other nodes through its storage NICs and the nodes' zoneRoute (the compute fabric).
    out.append(f'      <route src="{n}-cpu" dst="{n}-gw">'
               f'<link_ctn id="{n}-storage-nic" direction="UP"/></route>\n')
    out.append("    </zone>\n")


def storage_zone(args, out):
    read = quantity(args.drives * args.drive_read, "GBps")
    write = quantity(args.drives * args.drive_write, "GBps")
    out.append('    <zone id="storage" routing="Full">\n')
    for s in range(args.storage_hosts):
        out.append(f'      <host id="storage-{s}" speed="2Gf" core="{STORAGE_SERVER_CORES}">\n'
                   f'        <prop id="role" value="storage"/>\n'
                   f'        <disk id="nvme" read_bw="{read}" write_bw="{write}">'
                   f'<prop id="wattage_range" value="{args.drives * DRIVE_WATTS_IDLE}:{args.drives * DRIVE_WATTS_BUSY}"/>'
                   f'</disk>\n'
                   f'      </host>\n')
    out.append('      <router id="storage-gw"/>\n')
    for s in range(args.storage_hosts):
        out.append(f'      <link id="storage-{s}-nic" bandwidth="{STORAGE_SERVER_NIC}" latency="{LAT_NIC}" '
                   f'sharing_policy="SPLITDUPLEX"><prop id="fabric" value="storage"/></link>\n')
    for i in range(args.ingest_hosts):  # hosts and links come before every route (SimGrid's DTD)
        out.append(f'      <host id="ingest-{i}" speed="2Gf" core="{INGEST_CORES}">'
                   f'<prop id="role" value="ingest"/></host>\n')
        out.append(f'      <link id="ingest-{i}-uplink" bandwidth="{args.ingest_link}" latency="{args.ingest_latency}" '
                   f'sharing_policy="SPLITDUPLEX"><prop id="fabric" value="ingest"/></link>\n')
    for a in range(args.storage_hosts):
        for b in range(a + 1, args.storage_hosts):
            out.append(f'      <route src="storage-{a}" dst="storage-{b}">'
                       f'<link_ctn id="storage-{a}-nic" direction="UP"/>'
                       f'<link_ctn id="storage-{b}-nic" direction="DOWN"/></route>\n')
    for s in range(args.storage_hosts):
        out.append(f'      <route src="storage-{s}" dst="storage-gw">'
                   f'<link_ctn id="storage-{s}-nic" direction="UP"/></route>\n')
    for i in range(args.ingest_hosts):
        out.append(f'      <route src="ingest-{i}" dst="storage-gw">'
                   f'<link_ctn id="ingest-{i}-uplink" direction="UP"/></route>\n')
        for s in range(args.storage_hosts):
            out.append(f'      <route src="ingest-{i}" dst="storage-{s}">'
                       f'<link_ctn id="ingest-{i}-uplink" direction="UP"/>'
                       f'<link_ctn id="storage-{s}-nic" direction="DOWN"/></route>\n')
    out.append("    </zone>\n")


def generate(args):
    kind = KINDS[args.gpu]
    out = []
    header(args, kind, out)
    name = args.name or f"dgx_{args.gpu}_{args.nodes}"
    out.append(f'<platform version="4.1">\n  <zone id="{name}" routing="Full">\n')
    for node in range(args.nodes):
        node_zone(node, kind, out)
    storage_zone(args, out)
    # Non-blocking fabrics: as wide as both directions of all the NICs that feed them.
    nic_gbps = float(kind["nic"].rstrip("Gbps"))
    compute_total = quantity(2 * args.nodes * GPUS_PER_NODE * nic_gbps, "Gbps")
    storage_total = quantity(2 * args.storage_hosts * float(STORAGE_SERVER_NIC.rstrip("Gbps")), "Gbps")
    out.append(f'    <link id="compute-fabric" bandwidth="{compute_total}" latency="{LAT_FABRIC}">'
               f'<prop id="fabric" value="compute"/></link>\n')
    out.append(f'    <link id="storage-fabric" bandwidth="{storage_total}" latency="{LAT_FABRIC}">'
               f'<prop id="fabric" value="storage"/></link>\n')
    for a in range(args.nodes):
        for b in range(a + 1, args.nodes):
            out.append(f'    <zoneRoute src="node-{a}" dst="node-{b}" gw_src="node-{a}-gw" gw_dst="node-{b}-gw">'
                       f'<link_ctn id="compute-fabric"/></zoneRoute>\n')
    for a in range(args.nodes):
        out.append(f'    <zoneRoute src="storage" dst="node-{a}" gw_src="storage-gw" gw_dst="node-{a}-storage-gw">'
                   f'<link_ctn id="storage-fabric"/></zoneRoute>\n')
    out.append("  </zone>\n</platform>\n")
    return "".join(out)


def main(argv):
    parser = argparse.ArgumentParser(prog="make_gpu_platform.py",
                                     description="Writes a SimGrid platform of DGX-class GPU nodes for dcflow.")
    parser.add_argument("--nodes", type=positive, default=16)
    parser.add_argument("--gpu", choices=sorted(KINDS), default="h100")
    parser.add_argument("--storage-hosts", type=positive, default=4)
    parser.add_argument("--drives", type=positive, default=12)
    parser.add_argument("--drive-read", type=parse_bandwidth, default=7.0)
    parser.add_argument("--drive-write", type=parse_bandwidth, default=3.5)
    parser.add_argument("--ingest-hosts", type=non_negative, default=0)
    parser.add_argument("--ingest-link", type=simgrid_quantity("bps"), default="1Gbps")
    parser.add_argument("--ingest-latency", type=simgrid_quantity("s"), default="5ms")
    parser.add_argument("--name", default="")
    parser.add_argument("--out", default="")
    args = parser.parse_args(argv)
    # The command line as given, minus --out, goes into the file's comment.
    shown, skip = [], False
    for a in argv:
        if skip:
            skip = False
            continue
        if a == "--out":
            skip = True
            continue
        if a.startswith("--out="):
            continue
        shown.append(a)
    args.argv = shown
    text = generate(args)
    if args.out:
        with open(args.out + ".tmp", "w", encoding="utf-8") as f:
            f.write(text)
        import os
        os.replace(args.out + ".tmp", args.out)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
