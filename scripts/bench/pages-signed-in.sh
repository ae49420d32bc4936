# Sourced by scripts/bench.sh: signed-in pages (issue 4): the student dashboard and a tutor's
# class roster, each with a real session made through the sign-in form.

# sign_in_cookie FORM_FIELDS...: signs in through the real form and prints the session cookie.
sign_in_cookie() {
  local jar page token
  jar="$(mktemp)"
  page="$(curl -s -c "$jar" "http://127.0.0.1:$WEB_PORT/sign-in")"
  token="$(printf '%s' "$page" | grep -o 'name="_csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')"
  curl -s -o /dev/null -b "$jar" -c "$jar" -H "Origin: http://127.0.0.1:$WEB_PORT" \
    --data-urlencode "_csrf=$token" "$@" "http://127.0.0.1:$WEB_PORT/sign-in"
  awk '$6 == "al_session" { print "al_session=" $7 }' "$jar"
  rm -f "$jar"
}

STUDENT_COOKIE="$(sign_in_cookie --data-urlencode mode=student --data-urlencode centre=northside \
  --data-urlencode studentCode=NS001 --data-urlencode pin=2468)"
TUTOR_COOKIE="$(sign_in_cookie --data-urlencode mode=password --data-urlencode centre=northside \
  --data-urlencode email=tutor@northside.demo.aetherlearn.test --data-urlencode password=demo-password-2026)"
ROSTER_PATH="$(curl -s -H "Cookie: $TUTOR_COOKIE" "http://127.0.0.1:$WEB_PORT/classes" | grep -o 'href="/classes/[0-9a-f-]\{36\}"' | head -n 1 | sed 's/href="//; s/"$//')"

if [ -z "$STUDENT_COOKIE" ] || [ -z "$TUTOR_COOKIE" ] || [ -z "$ROSTER_PATH" ]; then
  echo "signed-in pages: could not sign in or find a class (is the demo data seeded?)"
else
  bench_page "student dashboard (/home)" "/home" "Cookie: $STUDENT_COOKIE"
  bench_page "tutor class roster" "$ROSTER_PATH" "Cookie: $TUTOR_COOKIE"
  bench_page "tutor dashboard (/home)" "/home" "Cookie: $TUTOR_COOKIE"
fi
