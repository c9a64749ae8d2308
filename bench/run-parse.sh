#!/usr/bin/env bash
# Header-only and full parsing of a folder of files, Dokuei vs pydicom vs dcmdump, in one run with alternating repetitions.
# usage: bench/run-parse.sh [--studies 3] [--instances 200] [--reps 5]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
studies=3; instances=200; reps=5
while [ $# -gt 0 ]; do
  case "$1" in
    --studies) studies="$2"; shift 2 ;;
    --instances) instances="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done

# The peers, installed only when missing (as ./test does).
packages=(dcmtk python3-pydicom python3-numpy)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

dotnet build bench/Dokuei.Bench -c Release -nologo -v q >/dev/null
bench="dotnet bench/Dokuei.Bench/bin/Release/net10.0/Dokuei.Bench.dll"

data="bench/out/parse"
marker="$data/.ct-${studies}x${instances}"
if [ ! -f "$marker" ]; then
  rm -rf "$data"; mkdir -p "$data"
  $bench generate --out "$data/ct" --studies "$studies" --instances "$instances"
  pydicom_data="$(/usr/bin/python3 -c "import pydicom.data,os;print(os.path.dirname(pydicom.data.__file__))")"
  mkdir -p "$data/pydicom" && cp -r "$pydicom_data/." "$data/pydicom/"
  touch "$marker"
fi

echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); dcmtk $(dcmdump --version | head -1 | awk '{print $3}'), pydicom $(/usr/bin/python3 -c 'import pydicom;print(pydicom.__version__)'), dotnet $(dotnet --version)"
$bench parse --dir "$data" --reps "$reps" --pydicom-script bench/pydicom-parse.py
