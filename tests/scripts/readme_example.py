"""The README's pandas example ("Running studies on a cluster") runs as written: the code block is cut from
the README, run in a scratch folder holding the sweep it reads (made here with the local `dcflow sweep` and the
README's arguments), and must print the pivot table's rows and write the PNG.

Usage: readme_example.py BIN   (with /usr/bin/python3, from the repository root)
"""

import os
import pathlib
import re
import subprocess
import sys
import tempfile

bin_path = os.path.abspath(sys.argv[1])
readme = pathlib.Path("README.md").read_text()
section = readme[readme.index("## Running studies on a cluster"):]
start = section.index("    import sys\n")
end = section.index("dpi=110)\n", start) + len("dpi=110)\n")
code = "\n".join(line[4:] for line in section[start:end].splitlines())
sweep = re.search(r"-m dcflow (sweep .*?) \\\n\s+--scheduler", section, re.S).group(1)
args = sweep.replace("\\\n", " ").split()

with tempfile.TemporaryDirectory(prefix="dcflow-readme-") as tmp:
    subprocess.run([bin_path, *args, "--out", f"{tmp}/results/pipes-cluster", "-j", "2"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    os.symlink(os.path.abspath("python"), f"{tmp}/python")
    (pathlib.Path(tmp) / "example.py").write_text(code)
    result = subprocess.run(["/usr/bin/python3", "example.py"], cwd=tmp, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    print(out)
    assert re.search(r"^transfer\.pipes\s+int64$", out, re.M), "dtypes not printed"
    for pipes in (1, 2, 4, 8):
        assert re.search(rf"^{pipes}\s+\d+\.\d\s+\d+\.\d$", out, re.M), f"no pivot row for {pipes} pipes"
    assert (pathlib.Path(tmp) / "results/pipes-cluster/throughput.png").stat().st_size > 10000
print("README example: ran as written")
