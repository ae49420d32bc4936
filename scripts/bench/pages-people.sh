# Sourced by scripts/bench.sh after the scale part (./scripts/bench.sh scale people): the head
# tutor's /people list in the centres of 400 and BENCH_SCALE_STUDENTS students, its first page
# and the page reached by following "Next" 150 times (a deep page; the last at 4,000 people).

# deep_people_page COOKIE STEPS: follows the list's rel="next" link STEPS times; prints the path.
deep_people_page() {
  local path="/people" next i
  for ((i = 0; i < $2; i++)); do
    next="$(curl -s -H "Cookie: $1" "http://127.0.0.1:$WEB_PORT$path" |
      grep -o '<a href="[^"]*" rel="next"' | head -n 1 | sed 's/^<a href="//; s/" rel="next"$//; s/&amp;/\&/g')"
    [ -z "$next" ] && break
    path="$next"
  done
  echo "$path"
}

large_head_var="HEAD_COOKIE_${SCALE_LARGE:-none}"
if [ -n "${!large_head_var:-}" ]; then
  for n in "$SCALE_SMALL" "$SCALE_LARGE"; do
    cookie_var="HEAD_COOKIE_$n"
    bench_page "people first page @$n" "/people" "Cookie: ${!cookie_var}"
    bench_page "people deep page @$n" "$(deep_people_page "${!cookie_var}" 150)" "Cookie: ${!cookie_var}"
  done
else
  echo "people: run after the scale part (./scripts/bench.sh scale people)"
fi
