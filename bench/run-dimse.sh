#!/usr/bin/env bash
# C-STORE throughput, side by side in one run: dcmtk storescu -> dcmtk storescp, storescu -> `dokuei dicom listen`,
# and `dokuei dicom store` -> storescp; 1 and 4 associations. Each configuration runs --reps times, alternating with the others;
# the median is printed as instances/s and MB/s, with ratios to the dcmtk pair. TCP_NODELAY=1 for every dcmtk tool (see peers.md).
# Each receiver is warmed first, untimed, as a listener in service is: --warmup CT instances of a study of their own, sent
# by storescu over four associations (--warmup 0 measures a cold start; bench/dimse.md, session 12). 1,000 by default: after
# 200, our listener still compiled 921 methods at tier 1 during the timed run; after 1,000, 31 (dimse.md, session 14).
# usage: bench/run-dimse.sh [--studies 10] [--instances 200] [--reps 3] [--warmup 1000] [--dir /tmp]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/bench/steal.sh"
cd "$root"
studies=10; instances=200; reps=3; warmup=1000; dir="${TMPDIR:-/tmp}"
while [ $# -gt 0 ]; do
  case "$1" in
    --studies) studies="$2"; shift 2 ;;
    --instances) instances="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done
missing=()
command -v storescp >/dev/null || missing+=(dcmtk)
command -v bc >/dev/null || missing+=(bc) # the timings and bench/steal.sh compute with it
if [ ${#missing[@]} -gt 0 ]; then export DEBIAN_FRONTEND=noninteractive; apt-get install -y -qq "${missing[@]}" >/dev/null; fi
export TCP_NODELAY=1

data="bench/out/dimse/${studies}x${instances}"
if [ ! -d "$data" ]; then
  dotnet run -c Release --project bench/Dokuei.Bench -- generate --out "$data" --studies "$studies" --instances "$instances"
fi
# New UIDs of their own, so the timed run writes only new files.
warm_data="bench/out/dimse/warmup-1x${warmup}"
if [ "$warmup" -gt 0 ] && [ ! -d "$warm_data" ]; then
  dotnet run -c Release --project bench/Dokuei.Bench -- generate --out "$warm_data" --studies 1 --instances "$warmup" >/dev/null
fi
# DOKUEI_CLI compares another build of dokuei.dll (e.g. an earlier commit's) in the same conditions.
if [ -z "${DOKUEI_CLI:-}" ]; then ./dokuei --version >/dev/null; fi
cli="${DOKUEI_CLI:-$root/.build/dokuei/dokuei.dll}"
files="$(find "$data" -type f | sort)"
count=$(wc -l <<<"$files")
bytes=$(du -sb "$data" | cut -f1)
work="$(mktemp -d "$dir/dokuei-dimse-XXXXXX")"
scp_pid=""
cleanup() { [ -n "$scp_pid" ] && kill "$scp_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() { for _ in $(seq 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; echo "port $1 did not open"; exit 1; }

start_scp() { # $1 = storescp | dokuei
  rm -rf "$work/in"; mkdir -p "$work/in"
  port=$(free_port)
  if [ "$1" = storescp ]; then
    # --fork: a child per association. Without it storescp serves one association at a time, and "four in parallel"
    # would be four in turn (and our listener, which serves them at once, compared with a receiver that cannot).
    storescp --fork -aet SCP +xa -uf -od "$work/in" "$port" >/dev/null 2>&1 &
  else
    dotnet "$cli" dicom listen "$port" --loopback --aet SCP --out "$work/in" >/dev/null 2>&1 &
  fi
  scp_pid=$!
  wait_port "$port"
  if [ "$warmup" -gt 0 ]; then
    find "$warm_data" -type f | sort >"$work/warm"
    split -n r/4 "$work/warm" "$work/warm."
    local senders=()
    for part in "$work"/warm.*; do xargs -a "$part" storescu -aec SCP -nh 127.0.0.1 "$port" >/dev/null 2>&1 & senders+=($!); done
    wait "${senders[@]}"
    rm -f "$work"/warm.*
    sync # its pages are not written back during the timed run
  fi
}
stop_scp() {
  kill "$scp_pid" 2>/dev/null || true; wait "$scp_pid" 2>/dev/null || true; scp_pid=""
  received=$(find "$work/in" -type f -name '*[0-9]*' | wc -l)
  [ "$received" -eq $(( count + warmup )) ] || { echo "only $received of $count instances arrived"; exit 1; }
  # The next run starts with no dirty pages of this one still being written back (untimed).
  rm -rf "$work/in"; sync
}
send() { # $1 = storescu | dokuei, $2 = associations; prints seconds
  local start end
  start=$(date +%s.%N)
  if [ "$1" = storescu ]; then
    echo "$files" >"$work/list"
    split -n "r/$2" "$work/list" "$work/part."
    for part in "$work"/part.*; do xargs -a "$part" storescu -aec SCP -nh 127.0.0.1 "$port" >/dev/null 2>&1 & done
    wait
    rm -f "$work"/part.*
  else
    # As ./dokuei runs the short network commands: ReadyToRun code without re-JIT (see the dokuei script).
    xargs -a <(echo "$files") env DOTNET_TieredCompilation=0 dotnet "$cli" dicom store 127.0.0.1 "$port" --aec SCP --associations "$2" >/dev/null
  fi
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

steal_start
declare -A times
configs=("storescu storescp" "storescu dokuei" "dokuei storescp")
for assoc in 1 4; do
  for rep in $(seq "$reps"); do
    # The order rotates from one repetition to the next, so no configuration always follows the same one.
    for k in 0 1 2; do
      config="${configs[$(( (k + rep) % 3 ))]}"
      set -- $config
      start_scp "$2"
      t=$(send "$1" "$assoc")
      stop_scp
      times["$config $assoc"]+="$t "
    done
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# The slowest and fastest repetition as instances/s: the spread shows how far apart two medians must be to mean something.
range() { tr ' ' '\n' | grep -v '^$' | sort -g | awk -v n="$count" 'NR == 1 {f = $1} {s = $1} END {printf "%.0f-%.0f", n / s, n / f}'; }
printf "%d instances, %.1f MB, median of %d\n" "$count" "$(echo "$bytes/1000000" | bc -l)" "$reps"
printf "%-36s %6s %12s %10s %8s %12s\n" "sender -> receiver" "assoc" "instances/s" "MB/s" "ratio" "range/s"
for assoc in 1 4; do
  base=$(median <<<"${times["storescu storescp $assoc"]}")
  for config in "${configs[@]}"; do
    m=$(median <<<"${times["$config $assoc"]}")
    set -- $config
    printf "%-36s %6d %12.0f %10.1f %8.2f %12s\n" "$1 -> $2" "$assoc" "$(echo "$count/$m" | bc -l)" "$(echo "$bytes/1000000/$m" | bc -l)" "$(echo "$base/$m" | bc -l)" "$(range <<<"${times["$config $assoc"]}")"
  done
done
echo "ratio > 1: faster than storescu -> storescp"
steal_report
