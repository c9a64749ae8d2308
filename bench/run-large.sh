#!/usr/bin/env bash
# A >2 GiB multi-frame native file, written streaming, parsed with its pixel data streamed; each read in a fresh process,
# peak memory checked against 64 MiB (the process's own PeakWorkingSet64 and /usr/bin/time's maximum RSS). The file is deleted after.
# usage: bench/run-large.sh [--frames 4200] [--dir /tmp]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
frames=4200; dir="${TMPDIR:-/tmp}"
while [ $# -gt 0 ]; do
  case "$1" in
    --frames) frames="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done
command -v /usr/bin/time >/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get install -y -qq time >/dev/null; }
dotnet build bench/Dokuei.Bench -c Release -nologo -v q >/dev/null
dll=bench/Dokuei.Bench/bin/Release/net10.0/Dokuei.Bench.dll
file="$dir/dokuei-large-$$.dcm"
trap 'rm -f "$file"' EXIT
dotnet "$dll" large-write --path "$file" --frames "$frames"
status=0
for mode in baseline file sink; do
  log="$(mktemp)"
  /usr/bin/time -v dotnet "$dll" large-read --path "$file" --mode "$mode" --frames "$frames" 2>"$log" || status=1
  echo "  /usr/bin/time: maximum resident set size $(awk '/Maximum resident/ {printf "%.1f MiB", $6/1024}' "$log")"
  rm -f "$log"
done
exit $status
