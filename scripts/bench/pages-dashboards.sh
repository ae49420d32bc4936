# Sourced by scripts/bench.sh: the student dashboard (/home) and the leaderboard (issue 17,
# acceptance 3) at 50 connections, signed in as a student of the demo data; a tutor's dashboard
# too. Gamification is switched on through the settings form and the tutor awards XP to their
# first class, so the board has names on it.

DASHBOARD_CONNECTIONS="${BENCH_DASHBOARD_CONNECTIONS:-50}"
DEMO_BASE="http://127.0.0.1:$WEB_PORT"
sign_in_staff() {
  sign_in_cookie northside --data-urlencode mode=password \
    --data-urlencode "email=$1@northside.demo.aetherlearn.test" --data-urlencode password=demo-password-2026
}
# post_form COOKIE PAGE ACTION FIELDS...: a form post with the CSRF token read from PAGE.
post_form() {
  local cookie="$1" page="$2" action="$3" token; shift 3
  token="$(curl -s -H "Cookie: $cookie" "$DEMO_BASE$page" | grep -o 'name="_csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')"
  curl -s -o /dev/null -H "Cookie: $cookie" -H "Origin: $DEMO_BASE" --data-urlencode "_csrf=$token" "$@" "$DEMO_BASE$action"
}

DASHBOARD_STUDENT="$(sign_in_cookie northside --data-urlencode mode=student \
  --data-urlencode studentCode=NS001 --data-urlencode pin=482915)"
DASHBOARD_TUTOR="$(sign_in_staff tutor)"
DASHBOARD_OWNER="$(sign_in_staff owner)"

if [ -z "$DASHBOARD_STUDENT" ] || [ -z "$DASHBOARD_TUTOR" ] || [ -z "$DASHBOARD_OWNER" ]; then
  echo "dashboards: could not sign in (is the demo data seeded?)"
else
  post_form "$DASHBOARD_OWNER" /settings /settings/features --data-urlencode feature=gamification --data-urlencode enabled=true
  DASHBOARD_CLASS="$(curl -s -H "Cookie: $DASHBOARD_TUTOR" "$DEMO_BASE/classes" | grep -o 'href="/classes/[0-9a-f-]\{36\}"' | head -n 1 | sed 's/href="//; s/"$//')"
  for student in $(curl -s -H "Cookie: $DASHBOARD_TUTOR" "$DEMO_BASE$DASHBOARD_CLASS" | grep -o '/students/[0-9a-f-]\{36\}' | sort -u); do
    post_form "$DASHBOARD_TUTOR" "$student/xp" "$student/xp" --data-urlencode amount=$(( RANDOM % 50 + 1 )) --data-urlencode reason=Bench
  done
  SAVED_CONNECTIONS="$CONNECTIONS"; CONNECTIONS="$DASHBOARD_CONNECTIONS"
  echo "dashboards at $CONNECTIONS connections (load average: $(cut -d ' ' -f 1-3 /proc/loadavg))"
  printf 'leaderboard check: HTTP %s\n' "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $DASHBOARD_STUDENT" "$DEMO_BASE/leaderboards")"
  bench_page "student dashboard (/home)" "/home" "Cookie: $DASHBOARD_STUDENT"
  bench_page "student leaderboard" "/leaderboards" "Cookie: $DASHBOARD_STUDENT"
  bench_page "tutor dashboard (/home)" "/home" "Cookie: $DASHBOARD_TUTOR"
  CONNECTIONS="$SAVED_CONNECTIONS"
fi
