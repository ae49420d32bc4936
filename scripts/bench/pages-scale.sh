# Sourced by scripts/bench.sh: cost against the size of the centre (issue 17, acceptance 1). Seeds
# two centres set-based (scripts/bench/scale-seed.ts): 400 students / 20,000 submissions and
# BENCH_SCALE_STUDENTS (default 4000) / ten times as many, where every tutor and student has the
# same own work, then runs every tutor and student page (scripts/bench/scale-pages.ts lists them from the route
# table) in both and prints the p95s and their ratio. A page it cannot list or open in both centres
# fails the part: acceptance 1 is about every page.

SCALE_SMALL=400
SCALE_LARGE="${BENCH_SCALE_STUDENTS:-4000}"
SCALE_ROUNDS="${BENCH_SCALE_ROUNDS:-3}"
SCALE_MORE_ROUNDS="${BENCH_SCALE_MORE_ROUNDS:-4}"
[[ "$SCALE_ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_SCALE_ROUNDS: not a whole number: $SCALE_ROUNDS"
[[ "$SCALE_MORE_ROUNDS" =~ ^[0-9]+$ ]] || die "BENCH_SCALE_MORE_ROUNDS: not a whole number: $SCALE_MORE_ROUNDS"

# ratio_row NAME SMALL LARGE NOTE: the page's line of the report, marked when over 1.3x.
ratio_row() {
  awk -v n="$1" -v a="$2" -v b="$3" -v note="$4" \
    'BEGIN { r = (a > 0) ? b / a : 0; printf "%-44s p95 %8.2f ms  %8.2f ms  %5.2fx%s%s", n, a, b, r, note, (r > 1.3 ? "  (over 1.3x)" : "") }'
}

# median P95...: the middle of a page's p95s over its rounds (the mean of the middle two for an even count).
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# scale_cookies STUDENTS: seeds the centre and sets TUTOR_/HEAD_/STUDENT_COOKIE_<STUDENTS>.
scale_cookies() {
  local n="$1" vars
  vars="$(bun scripts/bench/scale-seed.ts --students "$n" --all-pages)" || return 1
  eval "$vars"
  printf -v "TUTOR_COOKIE_$n" '%s' "$(sign_in_cookie "$SCALE_SLUG" --data-urlencode mode=password \
    --data-urlencode "email=$SCALE_TUTOR_EMAIL" --data-urlencode "password=$SCALE_PASSWORD")"
  printf -v "HEAD_COOKIE_$n" '%s' "$(sign_in_cookie "$SCALE_SLUG" --data-urlencode mode=password \
    --data-urlencode "email=$SCALE_HEAD_EMAIL" --data-urlencode "password=$SCALE_PASSWORD")"
  printf -v "STUDENT_COOKIE_$n" '%s' "$(sign_in_cookie "$SCALE_SLUG" --data-urlencode mode=student \
    --data-urlencode "studentCode=$SCALE_STUDENT_CODE" --data-urlencode "pin=$SCALE_PIN")"
}

# p95_of NAME PATH COOKIE: one bench_page run; prints its line and keeps the p95 in LAST_P95.
p95_of() {
  local line
  line="$(bench_page "$1" "$2" "Cookie: $3")"
  echo "$line"
  LAST_P95="$(printf '%s' "$line" | sed -n 's/.*p95=\([0-9.]*\)ms.*/\1/p')"
}

# page_status PATH COOKIE: the status and content type one request gets.
page_status() {
  curl -s -o /dev/null -w '%{http_code} %{content_type}' -H "Cookie: $2" "http://127.0.0.1:$WEB_PORT$1"
}

# The head tutor's marking queue (the whole centre's) and then every tutor and student page.
scale_pages() {
  echo "/marking (head tutor)|/marking|HEAD"
  bun scripts/bench/scale-pages.ts --slug "scale-$1"
}

# settle_database: the freshly seeded tables as a database in service has them, as pgbench does
# before its runs: vacuumed (visibility maps and hint bits set, instead of by autovacuum and the
# first reads while the large centre's pages are measured), analyzed, and checkpointed.
settle_database() {
  psql "$DATABASE_URL" -X -q -v ON_ERROR_STOP=1 -c "vacuum (analyze)" -c "checkpoint"
}

# rounds_of N: N more rounds of the current page in both centres, in turn (small, large, then
# large, small), adding each side's p95s to SMALL_P95S / LARGE_P95S and setting small / large to
# their medians (the caller's name, paths and cookie variables).
rounds_of() {
  local round
  for round in $(seq 1 "$1"); do
    if [ $((round % 2)) -eq 1 ]; then
      p95_of "$name @$SCALE_SMALL" "$small_path" "${!small_cookie_var}"; SMALL_P95S+=("$LAST_P95")
      p95_of "$name @$SCALE_LARGE" "$large_path" "${!large_cookie_var}"; LARGE_P95S+=("$LAST_P95")
    else
      p95_of "$name @$SCALE_LARGE" "$large_path" "${!large_cookie_var}"; LARGE_P95S+=("$LAST_P95")
      p95_of "$name @$SCALE_SMALL" "$small_path" "${!small_cookie_var}"; SMALL_P95S+=("$LAST_P95")
    fi
  done
  small="$(median "${SMALL_P95S[@]}")"; large="$(median "${LARGE_P95S[@]}")"
}

if scale_cookies "$SCALE_SMALL" && scale_cookies "$SCALE_LARGE" && settle_database && [ -z "${BENCH_SCALE_SEED_ONLY:-}" ]; then
  SMALL_LIST="$(scale_pages "$SCALE_SMALL")" || die "scale: the page list failed (above)"
  LARGE_LIST="$(scale_pages "$SCALE_LARGE")" || die "scale: the page list failed (above)"
  mapfile -t SMALL_PAGES <<<"$SMALL_LIST"
  mapfile -t LARGE_PAGES <<<"$LARGE_LIST"
  SCALE_ROWS=()
  SCALE_SKIPPED=()
  SCALE_OVER=0
  for index in "${!SMALL_PAGES[@]}"; do
    IFS='|' read -r name small_path who <<<"${SMALL_PAGES[$index]}"
    IFS='|' read -r _ large_path _ <<<"${LARGE_PAGES[$index]}"
    [ "$who" = STUDENT ] && name="$name (student)"
    small_cookie_var="${who}_COOKIE_$SCALE_SMALL"; large_cookie_var="${who}_COOKIE_$SCALE_LARGE"
    small_status="$(page_status "$small_path" "${!small_cookie_var}")"
    large_status="$(page_status "$large_path" "${!large_cookie_var}")"
    if [[ "$small_status" != "200 text/html"* || "$large_status" != "200 text/html"* ]]; then
      SCALE_SKIPPED+=("$name ($small_status / $large_status)")
      continue
    fi
    # Rounds in turn, small then large then large then small (BENCH_SCALE_ROUNDS, default 3), each
    # side's median p95 kept. Not the lowest: this machine's speed drifts between runs of seconds
    # (the same page answered 1,370 to 2,459 requests a second in consecutive 4-s runs), and the
    # lowest rewards one lucky run on one side — the tutor's /notifications, one statement of the
    # same rows in both centres, came out at 1.35x that way with rounds at 18.9 and 23.8–38.5 ms.
    SMALL_P95S=(); LARGE_P95S=()
    rounds_of "$SCALE_ROUNDS"
    row="$(ratio_row "$name" "$small" "$large" "")"
    # A page over the line gets BENCH_SCALE_MORE_ROUNDS (default 4) more rounds in both centres:
    # a few rounds of a few seconds put pages of a few tens of milliseconds ±30 % apart (a page that
    # cannot depend on the centre's size, the person's own email settings, came out at 1.31x), and
    # a page whose cost truly grows stays over the line however many rounds it gets.
    if [[ "$row" == *"over 1.3x"* && "$SCALE_MORE_ROUNDS" -gt 0 ]]; then
      rounds_of "$SCALE_MORE_ROUNDS"
      row="$(ratio_row "$name" "$small" "$large" "  ($((SCALE_ROUNDS + SCALE_MORE_ROUNDS)) rounds)")"
    fi
    [[ "$row" == *"over 1.3x"* ]] && SCALE_OVER=$((SCALE_OVER + 1))
    SCALE_ROWS+=("$row")
  done
  echo "scale: p95 with $SCALE_SMALL students, then with $SCALE_LARGE (the median of $SCALE_ROUNDS rounds each, of $((SCALE_ROUNDS + SCALE_MORE_ROUNDS)) for a page over the line after those), and the ratio (target: within 1.3x)"
  printf '  %s\n' "${SCALE_ROWS[@]}"
  echo "scale: ${#SCALE_ROWS[@]} pages measured, $SCALE_OVER over 1.3x"
  if [ ${#SCALE_SKIPPED[@]} -gt 0 ]; then
    printf '  not measured (not 200 text/html in both centres): %s\n' "${SCALE_SKIPPED[@]}"
    die "scale: ${#SCALE_SKIPPED[@]} pages not measured"
  fi
else
  echo "scale: the seed or a sign-in failed (see above)"
fi
