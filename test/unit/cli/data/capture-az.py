#!/usr/bin/env python3
"""Run the real az 2.45 for each argv in a cases file (one JSON list per line: [name, [args...]]) and
write {name: {argv, stdout, stderr, rc}} as JSON. Isolated config dir, no network, no telemetry."""
import json, os, subprocess, sys, tempfile, shutil
from concurrent.futures import ThreadPoolExecutor

def run(case):
    name, args = case
    d = tempfile.mkdtemp()
    env = {"PATH": "/usr/bin:/bin", "HOME": d, "AZURE_CONFIG_DIR": d, "TZ": "UTC",
           "AZURE_CORE_COLLECT_TELEMETRY": "false"}
    for k in ("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"):
        env[k] = "http://127.0.0.1:9"
    p = subprocess.run(["az", *args], cwd="/", env=env, stdin=subprocess.DEVNULL, capture_output=True)
    shutil.rmtree(d, ignore_errors=True)
    return name, {"argv": ["az", *args], "stdout": p.stdout.decode(), "stderr": p.stderr.decode(), "rc": p.returncode}

cases = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
out = {}
if os.path.exists(sys.argv[2]):
    out = json.load(open(sys.argv[2]))
with ThreadPoolExecutor(4) as ex:
    for name, res in ex.map(run, cases):
        out[name] = res
        print(name, res["rc"], file=sys.stderr)
json.dump(dict(sorted(out.items())), open(sys.argv[2], "w"), indent=1, ensure_ascii=False)
open(sys.argv[2], "a").write("\n")
