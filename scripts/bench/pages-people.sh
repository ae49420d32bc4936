# Sourced by scripts/bench.sh: the centre admin's /people list against the size of the centre
# (issue 17): centres of 400 and BENCH_SCALE_STUDENTS (default 4000) students seeded by
# scripts/bench/scale-seed.ts under slugs of their own, then the list's first page and the page
# reached by following "Next" 150 times (a deep page: the last one at 4,000 people).

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

for n in 400 "${BENCH_SCALE_STUDENTS:-4000}"; do
  if ! vars="$(bun scripts/bench/scale-seed.ts --students "$n" --slug "people-$n")"; then
    echo "people: the seed of $n students failed (see above)"; break
  fi
  eval "$vars"
  # The list is the centre admin's: the seed's head tutor becomes one.
  psql "$DATABASE_URL" -X -q -c "update users set role = 'centre_admin' where role = 'head_tutor'
    and centre_id = (select id from centres where slug = '$SCALE_SLUG')" >/dev/null
  cookie="$(sign_in_cookie "$SCALE_SLUG" --data-urlencode mode=password \
    --data-urlencode "email=$SCALE_HEAD_EMAIL" --data-urlencode "password=$SCALE_PASSWORD")"
  bench_page "people first page @$n" "/people" "Cookie: $cookie"
  bench_page "people deep page @$n" "$(deep_people_page "$cookie" 150)" "Cookie: $cookie"
done
