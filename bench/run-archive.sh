#!/usr/bin/env bash
# The archive against Orthanc, in one run (issue 4): the same files into Orthanc 1.10 (DICOMweb plugin, default SQLite
# index) and into `dokuei serve` (SQLite, a facility made with `dokuei facility add`), both on loopback with fresh data:
#   - STOW-RS ingest, 1 and 4 concurrent clients, --batch instances per request (the same client for both);
#   - C-STORE ingest with dcmtk storescu, 1 and 4 associations, and dcmtk storescp writing plain files as the reference;
#   - QIDO-RS study searches with --index-studies single-instance studies indexed (median and p95);
#   - WADO-RS retrieval of a whole study (multipart/related), warm page cache;
#   - CPU seconds of the server per 100 instances (from /proc/PID/stat) and its peak RSS per phase (VmHWM, reset per phase);
#   - for ingest, the whole machine's busy CPU per 100 instances and its idle share (/proc/stat), senders included.
# Ingest runs alternate between the servers, each into a fresh data folder; the median of --reps is printed.
# usage: bench/run-archive.sh [--studies 2] [--instances 500] [--index-studies 10000] [--reps 1] [--batch 50] [--dir /tmp]
#                             [--only ingest|stow|cstore|search] [--clients "1 4"] [--warmup 2000] [--warmup-ct 200]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/bench/steal.sh"
cd "$root"
studies=2; instances=500; index_studies=10000; reps=1; batch=50; dir="${TMPDIR:-/tmp}"; only=""; warmup_count=2000; warmup_ct=200
client_counts="1 4"
while [ $# -gt 0 ]; do
  case "$1" in
    --studies) studies="$2"; shift 2 ;;
    --instances) instances="$2"; shift 2 ;;
    --index-studies) index_studies="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --batch) batch="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --clients) client_counts="$2"; shift 2 ;;
    --warmup) warmup_count="$2"; shift 2 ;;
    --warmup-ct) warmup_ct="$2"; shift 2 ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done
case "$only" in ""|ingest|stow|cstore|search) ;; *) echo "unknown --only $only (ingest, stow, cstore or search)"; exit 2 ;; esac
missing=()
command -v storescp >/dev/null || missing+=(dcmtk)
[ -x /usr/sbin/Orthanc ] || missing+=(orthanc)
[ -f /usr/share/orthanc/plugins/libOrthancDicomWeb.so ] || missing+=(orthanc-dicomweb)
command -v gcc >/dev/null || missing+=(gcc)
command -v bc >/dev/null || missing+=(bc)
if [ ${#missing[@]} -gt 0 ]; then export DEBIAN_FRONTEND=noninteractive; apt-get install -y -qq "${missing[@]}" >/dev/null; fi
# Without it dcmtk's tools and Orthanc's DICOM side wait on Nagle's algorithm (see peers.md).
export TCP_NODELAY=1

dotnet build bench/Dokuei.Bench -c Release -nologo -v q >/dev/null
bench=(dotnet "$root/bench/Dokuei.Bench/bin/Release/net10.0/Dokuei.Bench.dll")
./dokuei --version >/dev/null
cli="$root/.build/dokuei/dokuei.dll"

data="bench/out/archive/ct-${studies}x${instances}"
[ -d "$data" ] || "${bench[@]}" generate --out "$data" --studies "$studies" --instances "$instances"
index="bench/out/archive/index-${index_studies}"
[ -d "$index" ] || "${bench[@]}" generate-index --out "$index" --studies "$index_studies"
# A CT study of its own for the warm-up (new UIDs, so nothing measured is a duplicate).
warm_ct="bench/out/archive/warmup-ct-1x${warmup_ct}"
[ "$warmup_ct" -eq 0 ] || [ -d "$warm_ct" ] || "${bench[@]}" generate --out "$warm_ct" --studies 1 --instances "$warmup_ct" >/dev/null
files="$(find "$data" -type f | sort)"
count=$(wc -l <<<"$files")
bytes=$(du -sb --apparent-size "$data" | cut -f1)
big_study_file="$(find "$data/study1" -type f | sort | awk "NR == 1")"

work="$(mktemp -d "$dir/dokuei-archive-XXXXXX")"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
warmup="$work/warmup"; mkdir -p "$warmup"
find "$index" -type f | sort | awk "NR <= $warmup_count" | xargs -r cp -t "$warmup"
[ "$warmup_ct" -eq 0 ] || cp "$warm_ct"/study1/* "$warmup"
warming=$(( warmup_count > 0 || warmup_ct > 0 ))
gcc -shared -fPIC -O2 -o "$work/loopback_bind.so" tests/Dokuei.Interop.Tests/Peers/loopback_bind.c -ldl

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_http() { for _ in $(seq 600); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done; echo "$1 did not answer"; exit 1; }
wait_port() { for _ in $(seq 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; echo "port $1 did not open"; exit 1; }
# Its own CPU and that of its children it has waited for (storescp --fork serves each association in a child).
cpu_ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat"; }
reset_peak() { echo 5 >"/proc/$1/clear_refs" 2>/dev/null || true; }
peak_mb() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
ticks=$(getconf CLK_TCK)
# The whole machine (all processes, the kernel's threads and interrupts): busy and idle ticks, from one read. When the
# VM is nearly never idle, the servers' ratio is bound by the CPU each run costs the machine, senders included.
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $5 + $6}' /proc/stat; }

# A facility and its token, made once; each dokuei run starts from a copy of this data folder.
ae=BENCHSCU
template="$work/dokuei-template"
token="$(dotnet "$cli" facility add BENCH --ae "$ae" --data "$template" | tail -1)"

orthanc_pid=""; dokuei_pid=""
start_orthanc() { # $1 = folder
  local folder="$1"; mkdir -p "$folder"
  orthanc_http=$(free_port); orthanc_dicom=$(free_port)
  cat >"$folder/orthanc.json" <<EOF
{ "Name": "bench", "StorageDirectory": "$folder/storage", "IndexDirectory": "$folder/index",
  "HttpPort": $orthanc_http, "DicomPort": $orthanc_dicom, "DicomAet": "ORTHANC",
  "RemoteAccessAllowed": false, "AuthenticationEnabled": false, "DicomCheckCalledAet": false,
  "DicomAlwaysAllowStore": true, "DicomAlwaysAllowFind": true, "HttpCompressionEnabled": false,
  "Plugins": ["/usr/share/orthanc/plugins/libOrthancDicomWeb.so"],
  "DicomWeb": { "Enable": true, "Root": "/dicom-web/" } }
EOF
  LD_PRELOAD="$work/loopback_bind.so" /usr/sbin/Orthanc "$folder/orthanc.json" >"$folder/log" 2>&1 &
  orthanc_pid=$!; pids+=("$orthanc_pid")
  wait_http "http://127.0.0.1:$orthanc_http/system"
  orthanc_url="http://127.0.0.1:$orthanc_http/dicom-web"
}
start_dokuei() { # $1 = folder
  local folder="$1"; rm -rf "$folder"; cp -r "$template" "$folder"
  dokuei_http=$(free_port); dokuei_dicom=$(free_port)
  dotnet "$cli" serve --data "$folder" --http-port "$dokuei_http" --dimse-port "$dokuei_dicom" >"$folder/log" 2>&1 &
  dokuei_pid=$!; pids+=("$dokuei_pid")
  wait_http "http://127.0.0.1:$dokuei_http/health"
  dokuei_url="http://127.0.0.1:$dokuei_http/dicomweb|$token"
}
stop() { # $1 = pid
  kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true
}

dokuei_has_dimse=""
check_dokuei_dimse() {
  if echoscu -aet "$ae" -aec DOKUEI 127.0.0.1 "$dokuei_dicom" >/dev/null 2>&1; then dokuei_has_dimse=yes; else dokuei_has_dimse=no; fi
}

storescu_send() { # $1 = port, $2 = called AE, $3 = associations; prints seconds
  local start end
  echo "$files" >"$work/list"
  rm -f "$work"/part.*
  split -n "r/$3" "$work/list" "$work/part."
  start=$(date +%s.%N)
  for part in "$work"/part.*; do xargs -a "$part" storescu -aet "$ae" -aec "$2" -nh 127.0.0.1 "$1" >/dev/null 2>&1 & done
  wait # (in a command substitution: waits for the storescu processes only, not the servers)
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

declare -A secs cpu peak busy idle
record() { # $1 = row key, $2 = seconds, $3 = cpu ticks, $4 = peak MB, [$5 = machine busy ticks, $6 = machine idle %]
  secs["$1"]+="$2 "; cpu["$1"]+="$3 "; peak["$1"]+="$4 "
  if [ -n "${5:-}" ]; then busy["$1"]+="$5 "; idle["$1"]+="$6 "; fi
}

run_number=0
ingest_run() { # $1 = server (orthanc|dokuei|storescp), $2 = method (stow|cstore), $3 = clients
  # Each run gets a new folder, and the old ones are deleted only at the end: deleting thousands of files just before a
  # run made its file creation slow and erratic (ext4 without a journal skips recently deleted inodes, one by one, when it
  # looks for a free one, for a minute or more after a deletion). A server in service does not delete files by thousands.
  local folder="$work/run-$((run_number += 1))" pid t c0 c1 b0 b1 i0 i1 url port called
  case "$1" in
    orthanc) start_orthanc "$folder"; pid=$orthanc_pid; url="$orthanc_url"; port=$orthanc_dicom; called=ORTHANC ;;
    dokuei) start_dokuei "$folder"; pid=$dokuei_pid; url="$dokuei_url"; port=$dokuei_dicom; called=DOKUEI
      if [ "$2" = cstore ]; then
        check_dokuei_dimse
        if [ "$dokuei_has_dimse" = no ]; then stop "$pid"; return; fi
      fi ;;
    storescp) mkdir -p "$folder/in"; port=$(free_port); called=SCP
      # --fork: a child per association; without it storescp serves four associations one after another.
      storescp --fork -aet SCP +xa -uf -od "$folder/in" "$port" >/dev/null 2>&1 &
      pid=$!; pids+=("$pid"); wait_port "$port" ;;
  esac
  if [ "$1" != storescp ] && [ "$warming" = 1 ]; then
    # A warm server, as in service: --warmup small instances (2,000 by default) and --warmup-ct CT instances of one
    # study (200) first, by the method measured (STOW-RS requests of 5, or one association). The first requests of a .NET
    # process pay for JIT, and the methods of the ingest path are compiled again (tiered compilation) over its first few
    # thousand instances; a server in service has long done that, and has long seen instances join a study it already
    # holds (the small ones are each a study of their own). Orthanc gets the same warm-up. (--warmup 200 --warmup-ct 0
    # shows a barely warm server: bench/README.md.)
    if [ "$2" = stow ]; then
      "${bench[@]}" stow --server "$url" --dir "$warmup" --clients 1 --batch 5 >/dev/null
    else
      storescu -aet "$ae" -aec "$called" -nh 127.0.0.1 "$port" "$warmup"/* >/dev/null 2>&1
    fi
  fi
  sync; sleep 1
  reset_peak "$pid"; c0=$(cpu_ticks "$pid"); read -r b0 i0 < <(machine_ticks)
  if [ "$2" = stow ]; then
    t=$("${bench[@]}" stow --server "$url" --dir "$data" --clients "$3" --batch "$batch" | cut -d' ' -f1)
  else
    t=$(storescu_send "$port" "$called" "$3")
  fi
  c1=$(cpu_ticks "$pid"); read -r b1 i1 < <(machine_ticks)
  record "$2 $3 $1" "$t" "$((c1 - c0))" "$(peak_mb "$pid")" "$((b1 - b0))" "$(( 100 * (i1 - i0) / (b1 - b0 + i1 - i0 + 1) ))"
  if [ "$1" = storescp ]; then
    received=$(find "$folder/in" -type f | wc -l)
    [ "$received" -eq "$count" ] || { echo "storescp: only $received of $count instances arrived"; exit 1; }
  fi
  stop "$pid"
}

steal_start
[ "$only" = search ] || {
echo "== ingest: $count instances, $((bytes / 1000000)) MB, $reps rep(s), load: $(uptime | sed 's/.*load/load/')" >&2
for rep in $(seq "$reps"); do
  for clients in $client_counts; do
    [ "$only" = cstore ] || for server in orthanc dokuei; do ingest_run "$server" stow "$clients"; done
    [ "$only" = stow ] || for server in storescp orthanc dokuei; do ingest_run "$server" cstore "$clients"; done
  done
done

}

# Search and retrieval: both servers up with the same content (the index studies, then the CT studies).
case "$only" in ingest|stow|cstore) searching=no ;; *) searching=yes ;; esac
[ "$searching" = no ] || {
echo "== loading $index_studies studies into both for QIDO-RS, load: $(uptime | sed 's/.*load/load/')" >&2
start_orthanc "$work/orthanc"; start_dokuei "$work/dokuei"
for server in orthanc dokuei; do
  if [ "$server" = orthanc ]; then pid=$orthanc_pid; url="$orthanc_url"; else pid=$dokuei_pid; url="$dokuei_url"; fi
  reset_peak "$pid"; c0=$(cpu_ticks "$pid")
  t=$("${bench[@]}" stow --server "$url" --dir "$index" --clients 4 --batch 100 | cut -d' ' -f1)
  c1=$(cpu_ticks "$pid")
  record "index 4 $server" "$t" "$((c1 - c0))" "$(peak_mb "$pid")"
  "${bench[@]}" stow --server "$url" --dir "$data" --clients 4 --batch "$batch" >/dev/null
done

echo "== QIDO-RS and WADO-RS, load: $(uptime | sed 's/.*load/load/')" >&2
reset_peak "$orthanc_pid"; reset_peak "$dokuei_pid"
qido="$("${bench[@]}" qido --orthanc "$orthanc_url" --dokuei "$dokuei_url" --studies "$index_studies" --reps 40)"
qido_peak_orthanc=$(peak_mb "$orthanc_pid"); qido_peak_dokuei=$(peak_mb "$dokuei_pid")

reset_peak "$orthanc_pid"; reset_peak "$dokuei_pid"
study_bytes=0
for rep in 1 2 3; do
  for server in orthanc dokuei; do
    if [ "$server" = orthanc ]; then url="$orthanc_url"; pid=$orthanc_pid; else url="$dokuei_url"; pid=$dokuei_pid; fi
    c0=$(cpu_ticks "$pid")
    out="$("${bench[@]}" wado --server "$url" --study-of "$big_study_file" --reps 3)"
    c1=$(cpu_ticks "$pid")
    # The first retrieval of each process warms it; the median of the three is kept.
    t=$(cut -d' ' -f1 <<<"$out" | sort -g | sed -n 2p)
    study_bytes=$(tail -1 <<<"$out" | cut -d' ' -f2)
    record "wado 1 $server" "$t" "$(((c1 - c0) / 3))" "$(peak_mb "$pid")"
  done
done
stop "$orthanc_pid"; stop "$dokuei_pid"
}

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
max() { tr ' ' '\n' | grep -v '^$' | sort -g | tail -1; }
echo
echo "Archive benchmark: $count CT instances ($(echo "$bytes/1000000" | bc) MB) in $studies studies; median of $reps; load after: $(uptime | sed 's/.*load average: //')"
printf "%-34s %-9s %9s %8s %11s %9s %13s %13s %7s\n" "measure" "server" "inst/s" "MB/s" "CPU-s/100" "peak MB" "dokuei/orth." "machine/100" "idle %"
row() { # $1 = key prefix (e.g. "stow 1"), $2 = label, $3 = instances, $4 = bytes
  local base="" s m rate mb c ratio machine vm_idle
  for server in storescp orthanc dokuei; do
    [ -n "${secs["$1 $server"]:-}" ] || continue
    m=$(median <<<"${secs["$1 $server"]}")
    rate=$(echo "$3/$m" | bc -l)
    mb=$(echo "$4/1000000/$m" | bc -l)
    c=$(echo "$(median <<<"${cpu["$1 $server"]}") / $ticks * 100 / $3" | bc -l)
    ratio=""
    [ "$server" = orthanc ] && base=$m
    [ "$server" = dokuei ] && [ -n "$base" ] && ratio=$(printf "%.2fx" "$(echo "$base/$m" | bc -l)")
    machine=-; vm_idle=-
    if [ -n "${busy["$1 $server"]:-}" ]; then
      machine=$(printf "%.2f" "$(echo "$(median <<<"${busy["$1 $server"]}") / $ticks * 100 / $3" | bc -l)")
      vm_idle=$(median <<<"${idle["$1 $server"]}")
    fi
    printf "%-34s %-9s %9.0f %8.1f %11.2f %9s %13s %13s %7s\n" "$2" "$server" "$rate" "$mb" "$c" "$(max <<<"${peak["$1 $server"]}")" "$ratio" "$machine" "$vm_idle"
  done
  if [ "${1%% *}" = cstore ] && [ "$dokuei_has_dimse" = no ]; then
    printf "%-34s %-9s %s\n" "$2" "dokuei" "n/a (serve has no DIMSE listener)"
  fi
}
row "stow 1" "STOW-RS, 1 client, $batch/request" "$count" "$bytes"
row "stow 4" "STOW-RS, 4 clients, $batch/request" "$count" "$bytes"
row "cstore 1" "C-STORE, 1 association" "$count" "$bytes"
row "cstore 4" "C-STORE, 4 associations" "$count" "$bytes"
row "index 4" "STOW-RS $index_studies small studies, 4x100" "$index_studies" "$(du -sb --apparent-size "$index" | cut -f1)"
[ "$searching" = no ] || row "wado 1" "WADO-RS study of $instances (warm)" "$instances" "$study_bytes"
echo "(WADO CPU-s/100 is per 100 instances retrieved; peak MB is VmHWM reset at the start of each phase; machine/100 is"
echo " the whole VM's busy CPU-s per 100 instances over the phase, senders and kernel threads included, and idle % its idle share)"
steal_report # (all measuring is done by now)
echo
[ "$searching" = no ] && exit 0
echo "QIDO-RS study search, $index_studies + $studies studies indexed, limit=100, 40 queries each (ms):"
printf "%-28s %10s %10s %10s %10s %9s %8s %10s\n" "query" "orth. med" "orth. p95" "dok. med" "dok. p95" "med ratio" "results" "mismatch"
while IFS='|' read -r name om op dm dp n mis; do
  printf "%-28s %10s %10s %10s %10s %8.1fx %8s %10s\n" "$name" "$om" "$op" "$dm" "$dp" "$(echo "$om/$dm" | bc -l)" "$n" "$mis"
done <<<"$qido"
echo "peak RSS during queries: orthanc $qido_peak_orthanc MB, dokuei $qido_peak_dokuei MB"
echo "ratio > 1: dokuei faster (time of Orthanc / time of dokuei); targets: >= 2x ingest and retrieval, >= 5x QIDO-RS"
