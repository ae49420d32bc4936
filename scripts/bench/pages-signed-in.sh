# Sourced by scripts/bench.sh: signed-in pages (issue 4): the student dashboard and a tutor's
# class roster, each with a real session made through the sign-in form.

STUDENT_COOKIE="$(sign_in_cookie northside --data-urlencode mode=student \
  --data-urlencode studentCode=NS001 --data-urlencode pin=482915)"
TUTOR_COOKIE="$(sign_in_cookie northside --data-urlencode mode=password \
  --data-urlencode email=tutor@northside.demo.aetherlearn.test --data-urlencode password=demo-password-2026)"
ROSTER_PATH="$(curl -s -H "Cookie: $TUTOR_COOKIE" "http://127.0.0.1:$WEB_PORT/classes" | grep -o 'href="/classes/[0-9a-f-]\{36\}"' | head -n 1 | sed 's/href="//; s/"$//')"

if [ -z "$STUDENT_COOKIE" ] || [ -z "$TUTOR_COOKIE" ] || [ -z "$ROSTER_PATH" ]; then
  echo "signed-in pages: could not sign in or find a class (is the demo data seeded?)"
else
  bench_page "student dashboard (/home)" "/home" "Cookie: $STUDENT_COOKIE"
  bench_page "tutor class roster" "$ROSTER_PATH" "Cookie: $TUTOR_COOKIE"
  bench_page "tutor dashboard (/home)" "/home" "Cookie: $TUTOR_COOKIE"
fi
