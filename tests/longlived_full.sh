#!/bin/bash
# tests/longlived_full.sh - tests/longlived.sh at full counts, without
# valgrind: 10,000 status operations in one process, 1,000 lifetimes,
# 200 forked children, 2 x 200 threaded operations ("make check-slow").
IPL_LONG_SCALE=full exec "$(dirname "$0")/longlived.sh"
