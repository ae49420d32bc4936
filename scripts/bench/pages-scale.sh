# Sourced by scripts/bench.sh: cost against the size of the centre (issue 17, acceptance 1). Seeds
# two centres set-based (scripts/bench/scale-seed.ts): 400 students / 20,000 submissions and
# BENCH_SCALE_STUDENTS (default 4000) / ten times as many, where every tutor and student has the
# same own work, then runs each tutor and student page in both and prints the p95s and their ratio.

SCALE_SMALL=400
SCALE_LARGE="${BENCH_SCALE_STUDENTS:-4000}"

# scale_cookies STUDENTS: seeds the centre and sets TUTOR_/HEAD_/STUDENT_COOKIE_<STUDENTS>.
scale_cookies() {
  local n="$1" vars
  vars="$(bun scripts/bench/scale-seed.ts --students "$n")" || return 1
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

if scale_cookies "$SCALE_SMALL" && scale_cookies "$SCALE_LARGE" && [ -z "${BENCH_SCALE_SEED_ONLY:-}" ]; then
  SCALE_ROWS=()
  for page in "tutor marking queue|/marking|TUTOR" "head tutor marking queue|/marking|HEAD" \
    "tutor dashboard|/home|TUTOR" "tutor classes|/classes|TUTOR" "student dashboard|/home|STUDENT" \
    "student homework|/my-homework|STUDENT" "student leaderboard|/leaderboards|STUDENT"; do
    IFS='|' read -r name path who <<<"$page"
    small_cookie_var="${who}_COOKIE_$SCALE_SMALL"; large_cookie_var="${who}_COOKIE_$SCALE_LARGE"
    p95_of "$name @$SCALE_SMALL" "$path" "${!small_cookie_var}"; small="$LAST_P95"
    p95_of "$name @$SCALE_LARGE" "$path" "${!large_cookie_var}"; large="$LAST_P95"
    SCALE_ROWS+=("$(awk -v n="$name" -v a="$small" -v b="$large" \
      'BEGIN { r = (a > 0) ? b / a : 0; printf "%-26s p95 %8.2f ms  %8.2f ms  %5.2fx%s", n, a, b, r, (r > 1.3 ? "  (over 1.3x)" : "") }')")
  done
  echo "scale: p95 with $SCALE_SMALL students, then with $SCALE_LARGE, and the ratio (target: within 1.3x)"
  printf '  %s\n' "${SCALE_ROWS[@]}"
else
  echo "scale: the seed or a sign-in failed (see above)"
fi
