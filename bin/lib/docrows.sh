# bin/lib/docrows.sh: one row per kernel in a section of docs/kernels.md, sourced by bin/lib/selftest.sh and
# bin/lib/board.sh (functions only).
# The sweep writes its own two sections (bin/lib/sweep.sh) and keeps every other section as it is; the selftest
# (bin/lib/selftest.sh) and the board (bin/lib/board.sh) each replace their kernel's row in a section of their own.
# Uses from bin/mte-lab: SWEEP_KERNELS (the row order).

doc_row() { # $1 doc, $2 section heading, $3 table header, $4 kernel, $5 its row: replaces the kernel's row or adds it,
  # rows in sweep order; a new section goes before "## Failures and skips" (or at the end)
  local doc=$1 sec=$2 head=$3 k=$4 row=$5 tmp sep
  [ -f "$doc" ] || return 0
  sep=$(awk -F'|' '{s = "|"; for (i = 2; i < NF; i++) s = s "---|"; print s}' <<< "$head")
  tmp=$(mktemp)
  awk -v sec="$sec" -v head="$head" -v sep="$sep" -v k="$k" -v row="$row" -v order="$SWEEP_KERNELS" '
    function flush(   i, n, o, x, known) { # the section: its rows in sweep order, the new one in its place
      print sec; print ""; print head; print sep
      rows[k] = row
      n = split(order, o, " ")
      for (i = 1; i <= n; i++) if (o[i] in rows) print rows[o[i]]
      for (x in rows) { known = 0; for (i = 1; i <= n; i++) if (o[i] == x) known = 1; if (!known) print rows[x] }
      print ""
      done = 1
    }
    $0 == sec {in_sec = 1; next}
    in_sec && /^## / {in_sec = 0; flush()}
    in_sec && /^\| [a-z0-9-]+ \|/ && $0 !~ /^\| kernel \|/ {split($0, c, " "); rows[c[2]] = $0; next}
    in_sec {next}
    !done && /^## Failures and skips/ {flush()}
    {print}
    END {if (!done) {print ""; flush()}}' "$doc" > "$tmp" && mv "$tmp" "$doc"
}
