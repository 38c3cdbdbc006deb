#!/usr/bin/env bash
# Fails when a tracked C file differs from what clang-format would make of it.
set -euo pipefail
cd "$WOWAH_SRC"
files=$(git ls-files '*.c' '*.h' 2>/dev/null || find src tests bench -name '*.[ch]')
[ -n "$files" ] || exit 0
clang-format --dry-run -Werror $files
