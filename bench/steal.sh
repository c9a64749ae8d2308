# Sourced by the bench scripts: how much CPU time the hypervisor took from this virtual machine during the run. On a
# shared host it can rise from a few percent to most of the time (system calls and loopback I/O slowed tenfold), and
# then wall-clock ratios measure the host, not the programs.
steal_start() { read -r _ s_user s_nice s_sys s_idle s_iowait s_irq s_softirq s_steal _ </proc/stat; }
steal_report() { # prints e.g. "3.1 % of CPU time stolen by the hypervisor", with a warning above 10 %
  local _ user nice sys idle iowait irq softirq steal total pct
  read -r _ user nice sys idle iowait irq softirq steal _ </proc/stat
  total=$(( (user + nice + sys + idle + iowait + irq + softirq + steal) - (s_user + s_nice + s_sys + s_idle + s_iowait + s_irq + s_softirq + s_steal) ))
  pct=$(echo "100 * ($steal - $s_steal) / ($total + 1)" | bc -l)
  printf "%.1f %% of CPU time stolen by the hypervisor during the run" "$pct"
  if (( $(echo "$pct > 10" | bc) )); then printf " (too much: the host was busy, repeat the run)"; fi
  echo
}
