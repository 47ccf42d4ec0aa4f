#!/bin/bash
# tests/fault_loss_fence.sh - issue 9 ("Lossy networks") as a test: 30
# fences through a seeded 30 % datagram loss both ways in front of the
# simulated BMC, with the plugin's defaults (timeout=20, msg_timeout=1,
# interface=lanplus): every one must succeed, match the simulator's real
# power state and end by its timeout, and the median wall time must be at
# most 3 s (the 100 fences of bench/loss_fence.sh must make 2.45 s, 30 %
# below ipmipower's 3.5 s; 30 fences on a loaded CI machine get this
# margin).  bench/loss_fence.sh does the work.  Part of "make check-slow"
# (about 1.5 minutes).
IPL_FENCE_LOSS_OPS=${IPL_FENCE_LOSS_OPS:-30} \
	IPL_FENCE_LOSS_MEDIAN_MS=${IPL_FENCE_LOSS_MEDIAN_MS:-3000} \
	exec "$(dirname "$0")/../bench/loss_fence.sh"
