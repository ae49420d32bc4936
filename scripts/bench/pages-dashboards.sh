# Sourced by scripts/bench.sh: the student dashboard (/home) and the leaderboard (issue 17,
# acceptance 3) at 50 connections, signed in as a student of two classes; a tutor's dashboard too.

DASHBOARD_CONNECTIONS="${BENCH_DASHBOARD_CONNECTIONS:-50}"
DASHBOARD_STUDENT="$(sign_in_cookie northside --data-urlencode mode=student \
  --data-urlencode studentCode=NS001 --data-urlencode pin=482915)"
DASHBOARD_TUTOR="$(sign_in_cookie northside --data-urlencode mode=password \
  --data-urlencode email=tutor@northside.demo.aetherlearn.test --data-urlencode password=demo-password-2026)"

if [ -z "$DASHBOARD_STUDENT" ] || [ -z "$DASHBOARD_TUTOR" ]; then
  echo "dashboards: could not sign in (is the demo data seeded?)"
else
  SAVED_CONNECTIONS="$CONNECTIONS"; CONNECTIONS="$DASHBOARD_CONNECTIONS"
  echo "dashboards at $CONNECTIONS connections (load average: $(cut -d ' ' -f 1-3 /proc/loadavg))"
  bench_page "student dashboard (/home)" "/home" "Cookie: $DASHBOARD_STUDENT"
  bench_page "student leaderboard" "/leaderboards" "Cookie: $DASHBOARD_STUDENT"
  bench_page "tutor dashboard (/home)" "/home" "Cookie: $DASHBOARD_TUTOR"
  CONNECTIONS="$SAVED_CONNECTIONS"
fi
