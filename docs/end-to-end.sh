#!/usr/bin/env bash
# One security-centre call and one demonstration-benchmark call, from the registration of a new applicant
# organisation to published directories, through the API's HTTP endpoints only.
#
#   API=http://localhost:5080 bash docs/end-to-end.sh
#
# Needs curl and jq, and an API running in Development: it signs in with the demo accounts (admin and the
# Guangdong recommender) and ends the seven-day public notice with the development clock
# (POST /api/dev/clock/advance, Development:ClockControl). Each run creates its own organisation, calls, experts
# and applications, so it can run again on the same database; at the end it revokes the security centre it
# published, which frees that place under the programme's national ceiling of 20.
#
# An objection is confirmed with the code the API e-mailed, read from the outbox of the API's SQLite database
# (sqlite3 needed): DATABASE is that file, the data directory's yangfan.db (default src/YangFan.Benchmarks.Api/data/yangfan.db,
# where `dotnet run --project src/YangFan.Benchmarks.Api` keeps it).
#
# Settings: API (default http://localhost:5080), DEMO_PASSWORD (default YangFan-Demo-2026), DATABASE.
set -euo pipefail
shopt -s inherit_errexit

API=${API:-http://localhost:5080}
DATABASE=${DATABASE:-src/YangFan.Benchmarks.Api/data/yangfan.db}
DEMO_PASSWORD=${DEMO_PASSWORD:-YangFan-Demo-2026}
ADMIN=admin@demo.yangfan.cn
RECOMMENDER=recommender@demo.yangfan.cn

for tool in curl jq sqlite3; do
  command -v "$tool" > /dev/null || { echo "This script needs $tool." >&2; exit 1; }
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
RUN=$(date +%Y%m%d%H%M%S)-$RANDOM
STARTED=$SECONDS
STEP=0

say() { STEP=$((STEP + 1)); printf '%2d. %s\n' "$STEP" "$*"; }
note() { printf '    %s\n' "$*"; }
fail() { printf '\nFAILED: %s\n' "$*" >&2; exit 1; }

# http METHOD PATH EXPECTED [curl arguments...]: sends the request and prints the body. EXPECTED lists the
# statuses that are fine ("200" or "201 409"); any other status stops the script with the problem document.
# A 429 is waited out (Retry-After) and retried. The status and headers stay in $WORK for status and header.
http() {
  local method=$1 path=$2 expected=$3 code attempt
  shift 3
  for attempt in 1 2 3 4 5; do
    code=$(curl -sS -X "$method" "$API$path" -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' "$@") \
      || fail "$method $path: could not reach the API at $API."
    echo "$code" > "$WORK/status"
    [[ $code == 429 ]] || break
    local wait
    wait=$(header Retry-After)
    note "(rate-limited on $path; waiting ${wait:-60} s)" >&2
    sleep "${wait:-60}"
  done
  if [[ " $expected " != *" $code "* ]]; then
    printf '\nFAILED: %s %s answered %s (expected %s):\n' "$method" "$path" "$code" "$expected" >&2
    jq . "$WORK/body" >&2 2> /dev/null || cat "$WORK/body" >&2
    exit 1
  fi
  cat "$WORK/body"
}

status() { cat "$WORK/status"; }
header() { tr -d '\r' < "$WORK/headers" | awk -v name="$(tr '[:upper:]' '[:lower:]' <<< "$1"):" 'tolower($1) == name { print $2 }' | tail -n 1; }

# Access tokens by e-mail. Sign in from the main shell (not inside $(...)), so that the token is kept.
declare -A TOKENS=()
signin() {
  local email=$1 password=${2:-$DEMO_PASSWORD}
  http POST /api/auth/token "200 401" -H 'Content-Type: application/json' \
    -d "$(jq -nc --arg email "$email" --arg password "$password" '{$email, $password}')" > /dev/null
  [[ $(status) == 200 ]] || fail "$email cannot sign in with the demo password (is the API in Development, and DEMO_PASSWORD right?)."
  TOKENS[$email]=$(jq -r .accessToken "$WORK/body")
}

# as EMAIL METHOD PATH EXPECTED [curl arguments...]: http with that account's token.
as() {
  local email=$1
  shift
  [[ -n ${TOKENS[$email]:-} ]] || fail "internal: $email has not signed in."
  local method=$1 path=$2 expected=$3
  shift 3
  http "$method" "$path" "$expected" -H "Authorization: Bearer ${TOKENS[$email]}" "$@"
}

json() { jq -nc "$@"; }

# A valid Unified Social Credit Code (GB 32100) of an enterprise registered in the given six-digit division:
# 91 + division + a random eight-digit organisation code body, its GB 11714 check character, then the check of all 17.
ALPHABET=0123456789ABCDEFGHJKLMNPQRTUWXY
credit_code() {
  local division=$1 body i sum=0 check prefix
  body=$(printf '%08d' $(((RANDOM * 32768 + RANDOM) % 100000000)))
  local org_weights=(3 7 9 10 5 8 4 2) code_weights=(1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28)
  for i in {0..7}; do sum=$((sum + ${body:i:1} * org_weights[i])); done
  check=$((11 - sum % 11))
  case $check in 10) check=X ;; 11) check=0 ;; esac
  local first17="91${division}${body}${check}"
  sum=0
  for i in {0..16}; do
    prefix=${ALPHABET%%"${first17:i:1}"*}
    sum=$((sum + ${#prefix} * code_weights[i]))
  done
  echo "$first17${ALPHABET:$(((31 - sum % 31) % 31)):1}"
}

etag_of() { as "$1" GET "/api/applications/$2" 200 > /dev/null; header ETag; }

# fire EMAIL APPLICATION TRIGGER: fires a workflow transition with the current ETag and prints the new state.
fire() { # fire EMAIL APPLICATION TRIGGER [COMMENT]
  local email=$1 application=$2 trigger=$3 comment=${4:-} etag
  etag=$(etag_of "$email" "$application")
  as "$email" POST "/api/applications/$application/transitions" 200 -H 'Content-Type: application/json' \
    -H "If-Match: $etag" -H "Idempotency-Key: $trigger-$application" \
    -d "$(json --arg t "$trigger" --arg c "$comment" '{trigger: $t} + (if $c == "" then {} else {comment: $c} end)')" | jq -r .state
}

state_of() { as "$ADMIN" GET "/api/applications/$1" 200 | jq -r .state; }

expect() { # expect ACTUAL EXPECTED WHAT
  [[ $1 == "$2" ]] || fail "$3: expected '$2' but got '$1'."
}

echo "YangFan Benchmarks end to end against $API (run $RUN)"

# --- The API, the administrator and the development clock ----------------------------------------------------
http GET /health/ready 200 > /dev/null
signin "$ADMIN"
clock=$(as "$ADMIN" GET /api/dev/clock "200 404")
[[ $(status) == 200 ]] || fail "GET /api/dev/clock is 404: the development clock is off. Run the API in Development (Development:ClockControl=true)."
NOW=$(jq -r '.now[0:19] + "Z" | fromdateiso8601' <<< "$clock")
say "API ready; signed in as $ADMIN. The API's clock reads $(jq -r .now <<< "$clock") (offset $(jq -r .offset <<< "$clock"))."

# --- A new applicant organisation registers ----------------------------------------------------------------
APPLICANT="e2e-$RUN@example.cn"
APPLICANT_PASSWORD="E2e-Applicant-$RANDOM"
for attempt in 1 2 3 4 5; do
  # Guangzhou (440100): Guangdong's recommender covers it; one registered in Shenzhen would be Shenzhen's (ADR 0036).
  CODE=$(credit_code 440100)
  http POST /api/auth/register "201 409" -H 'Content-Type: application/json' -d "$(json \
    --arg email "$APPLICANT" --arg password "$APPLICANT_PASSWORD" --arg code "$CODE" --arg run "$RUN" '{
      email: $email, password: $password, displayName: "李工",
      organisation: { name: ("端到端演示科技（广州）有限公司 " + $run), creditCode: $code, provinceCode: "44",
        address: "广东省广州市天河区", contactPerson: "李工", contactPhone: "13800138000" } }')" > /dev/null
  [[ $(status) == 409 ]] || break
  note "(credit code $CODE is taken; trying another)"
done
[[ $(status) == 201 ]] || fail "no free credit code after 5 attempts."
ORG=$(jq -r .organisationId < "$WORK/body")
signin "$APPLICANT" "$APPLICANT_PASSWORD"
say "Registered $APPLICANT for a new organisation in Guangdong (province 44), credit code $CODE."

# --- The organisation proves who it is; an administrator verifies it (only a verified organisation submits) -------
printf '%%PDF-1.7\n%%%%EOF\n' > "$WORK/licence.pdf"
as "$APPLICANT" POST "/api/organisations/$ORG/documents" 201 -F kind=BusinessLicence -F "file=@$WORK/licence.pdf;filename=营业执照.pdf" > /dev/null
as "$APPLICANT" POST "/api/organisations/$ORG/documents" 201 -F kind=AuthorisationLetter -F "file=@$WORK/licence.pdf;filename=授权书.pdf" > /dev/null
as "$APPLICANT" POST "/api/organisations/$ORG/verification/request" 200 > /dev/null
as "$ADMIN" POST "/api/organisations/$ORG/verification/verify" 200 -H 'Content-Type: application/json' \
  -d '{"reason": "营业执照与授权书核验无误"}' > /dev/null
say "The applicant uploaded the business licence and the authorisation letter; the administrator verified the organisation."

# --- The administrator opens two calls --------------------------------------------------------------------
open_call() { # open_call PROGRAMME TITLE_ZH TITLE_EN SECTORS_JSON
  local id
  id=$(as "$ADMIN" POST /api/calls 201 -H 'Content-Type: application/json' -d "$(json \
    --arg programme "$1" --arg zh "$2 $RUN" --arg en "$3 $RUN" --argjson sectors "$4" --argjson now "$NOW" '{
      programmeKey: $programme, year: ($now | strftime("%Y") | tonumber), batch: 1, titleZh: $zh, titleEn: $en,
      opensAt: ($now - 86400 | todateiso8601), closesAt: ($now + 60 * 86400 | todateiso8601),
      sectors: $sectors, recommenderQuota: 5 }')" | jq -r .id)
  as "$ADMIN" POST "/api/calls/$id/open" 200 > /dev/null
  echo "$id"
}
SC_CALL=$(open_call security-centre "5G 应用安全创新示范中心遴选（端到端）" "Security centres (end to end)" null)
DB_CALL=$(open_call demonstration-benchmark "5G 示范应用标杆遴选（端到端）" "Demonstration benchmarks (end to end)" '["smart-ports"]')
say "Opened a security-centre call ($SC_CALL) and a demonstration-benchmark call for smart ports ($DB_CALL)."

# --- The applicant applies to both, with the application form, and submits ----------------------------------
printf '%%PDF-1.7\n%%%%EOF\n' > "$WORK/form.pdf"
apply() { # apply CALL CONTENT_JSON SECTOR_OR_NULL
  local id
  id=$(as "$APPLICANT" POST "/api/calls/$1/applications" 201 -H 'Content-Type: application/json' \
    -d "$(json --argjson content "$2" --argjson sector "$3" '{sectorCode: $sector, content: $content}')" | jq -r .id)
  as "$APPLICANT" POST "/api/applications/$id/attachments" 201 -F kind=application-form -F "file=@$WORK/form.pdf;filename=申报书.pdf" > /dev/null
  expect "$(fire "$APPLICANT" "$id" submit)" Submitted "state after submit"
  echo "$id"
}
SC_APP=$(apply "$SC_CALL" '{
  "centreName": "5G 应用安全创新示范中心（端到端演示）", "provinceCode": "44",
  "capabilities": ["SecurityTesting", "ZeroTrust"],
  "laboratories": [{ "name": "5G 安全检测实验室", "accreditation": "CNAS" }],
  "staff": 80, "plannedServices": ["5G 行业专网安全评估"] }' null)
DB_APP=$(apply "$DB_CALL" '{
  "projectTitle": "5G 智慧港口远程控制示范项目（端到端演示）",
  "scenario": "在集装箱码头部署 5G 专网，实现岸桥远程操控、集卡自动驾驶和视频 AI 理货。",
  "deploymentProvinceCode": "44", "networkMode": "VirtualPrivateNetwork",
  "networkSlicing": true, "edgeComputing": true, "terminalCount": 1200,
  "investmentTenThousandYuan": 3500.5, "startDate": "2025-03-01",
  "outcomes": [{ "metric": "作业效率提升", "unit": "%", "baseline": 0, "result": 25 }],
  "partners": [{ "role": "Operator", "name": "中国移动广东公司" }] }' '"smart-ports"')
say "The applicant applied to both calls, attached the application form and submitted (security centre $SC_APP, benchmark $DB_APP)."

# --- The Guangdong recommender recommends; the administrator accepts ------------------------------------------
signin "$RECOMMENDER"
pending=$(as "$RECOMMENDER" GET /api/recommendations/pending 200)
for app in "$SC_APP" "$DB_APP"; do
  jq -e --arg id "$app" 'any(.[]; .id == $id)' <<< "$pending" > /dev/null || fail "$app is not among the recommender's pending applications."
  expect "$(fire "$RECOMMENDER" "$app" recommend "同意推荐：材料齐全。")" FormalCheck "state after recommend"
  expect "$(fire "$ADMIN" "$app" accept)" ExpertReview "state after accept"
done
say "$RECOMMENDER recommended both; the administrator accepted them for expert review."

# --- Experts: five new ones, outside Guangdong, each from their own organisation -----------------------------
for province in 11 31 32 33 51; do
  as "$ADMIN" POST /api/users 201 -H 'Content-Type: application/json' -d "$(json \
    --arg email "e2e-$RUN-expert-$province@demo.yangfan.cn" --arg password "$DEMO_PASSWORD" \
    --arg code "$(credit_code "${province}0000")" --arg province "$province" '{
      email: $email, password: $password, displayName: ("端到端专家 " + $province), role: "Expert",
      expert: { affiliationCreditCode: $code, provinceCode: $province, sectors: ["smart-ports", "industrial-internet"] } }')" > /dev/null
done
say "Created five experts (provinces 11, 31, 32, 33 and 51) with the demo password."

# --- Automatic assignment and the reviews --------------------------------------------------------------------
experts=$(as "$ADMIN" GET /api/experts 200)
review_call() { # review_call CALL APPLICATION
  local plan email assignment
  plan=$(as "$ADMIN" POST "/api/calls/$1/assignments/auto" 200 -H 'Content-Type: application/json' -d '{"dryRun": false}')
  note "automatic assignment: $(jq -r .count <<< "$plan") reviewers for $2"
  for expert in $(jq -r --arg app "$2" '.assignments[] | select(.applicationId == $app) | .expertId' <<< "$plan"); do
    email=$(jq -r --arg id "$expert" 'first(.[] | select(.id == $id)) | .email' <<< "$experts")
    [[ -n ${TOKENS[$email]:-} ]] || signin "$email"
    assignment=$(as "$email" GET /api/me/assignments 200 | jq -c --arg app "$2" 'first(.[] | select(.applicationId == $app))')
    # 回避: no content and no review before the expert confirms having no conflict of interest (this raises the version).
    assignment=$(as "$email" POST "/api/assignments/$(jq -r .id <<< "$assignment")/confirm-no-conflict" 200)
    as "$email" PUT "/api/assignments/$(jq -r .id <<< "$assignment")/review" 200 -H 'Content-Type: application/json' \
      -H "If-Match: \"$(jq -r .version <<< "$assignment")\"" -H "Idempotency-Key: review-$(jq -r .id <<< "$assignment")" \
      -d "$(jq -c '{scores: (.criteria | map({key: .key, value: 85}) | from_entries),
        comment: "申报单位能力突出，方案成熟，示范效应明显，建议入选。", recommendation: "Recommend"}' <<< "$assignment")" > /dev/null
    note "reviewed by $email"
  done
}
review_call "$SC_CALL" "$SC_APP"
review_call "$DB_CALL" "$DB_APP"
sc_state=$(state_of "$SC_APP")
expect "$sc_state" SiteInspection "security centre after its five reviews"
expect "$(fire "$ADMIN" "$SC_APP" inspection-passed)" Deliberation "security centre after the site inspection"
expect "$(state_of "$DB_APP")" Deliberation "benchmark after its three reviews"
say "Reviews complete: the benchmark moved to Deliberation by itself; the security centre passed its site inspection."

for call in "$SC_CALL" "$DB_CALL"; do
  ranking=$(as "$ADMIN" GET "/api/calls/$call/ranking" 200)
  jq -e --arg app "$SC_APP" --arg app2 "$DB_APP" \
    '[.[].applications[] | select(.applicationId == $app or .applicationId == $app2)] | length == 1 and all(.[]; .passes)' \
    <<< "$ranking" > /dev/null || fail "the ranking of call $call does not show our application passing: $ranking"
  note "ranking: $(jq -r --arg a "$SC_APP" --arg b "$DB_APP" \
    '.[].applications[] | select(.applicationId == $a or .applicationId == $b) | "\(.title): score \(.score), \(.reviews) reviews, passes"' <<< "$ranking")"
done

# --- Decisions: shortlist (staged), then release into the public notice ----------------------------------------
for app in "$SC_APP" "$DB_APP"; do
  expect "$(fire "$ADMIN" "$app" shortlist)" Shortlisted "state after shortlist"
  expect "$(as "$APPLICANT" GET "/api/applications/$app" 200 | jq -r .state)" Deliberation "what the applicant sees before the release"
done
say "Shortlisted both; the applicant still sees Deliberation until the release."

for call in "$SC_CALL" "$DB_CALL"; do
  released=$(as "$ADMIN" POST "/api/calls/$call/decisions/release" 200)
  expect "$(jq -r .toPublicNotice <<< "$released")" 1 "applications released into the notice of call $call"
done
notices=$(http GET /api/notices 200)
NOTICE_ENDS=$(jq -r --arg a "$SC_CALL" 'first(.[] | select(.callId == $a)) | .endsAt' <<< "$notices")
for call in "$SC_CALL" "$DB_CALL"; do
  jq -e --arg c "$call" 'first(.[] | select(.callId == $c)) | .open and (.entries | length == 1)' <<< "$notices" > /dev/null \
    || fail "no open notice with one entry for call $call."
done
say "Released both calls' decisions: two public notices (公示) are open until $NOTICE_ENDS, readable without signing in."

# --- An objection, confirmed with the code e-mailed to the objector, then dismissed --------------------------------
[[ -f $DATABASE ]] || fail "no SQLite database at $DATABASE (set DATABASE to the API's data directory's yangfan.db)."
DB_NOTICE=$(jq -r --arg c "$DB_CALL" 'first(.[] | select(.callId == $c)) | .id' <<< "$notices")
objection=$(http POST "/api/notices/$DB_NOTICE/objections" 201 -F "entry=$DB_APP" -F "objectorName=王某" \
  -F "email=objector-$RUN@example.cn" -F "reason=申报材料中的部分应用成效数据与实际运行情况不符，请予核实。")
OBJECTION=$(jq -r .objectionId <<< "$objection")
expect "$(jq -r .confirmed <<< "$objection")" false "a new objection's confirmed"
expect "$(as "$ADMIN" GET "/api/objections?noticeId=$DB_NOTICE" 200 | jq length)" 0 "objections administrators see before the code"
code=$(sqlite3 "$DATABASE" "SELECT Body FROM OutgoingEmails WHERE upper(SourceId) = upper('$OBJECTION') AND Template = 'ObjectionCode'" \
  | sed -n 's/^确认码：\([0-9]\{6\}\)$/\1/p')
[[ $code =~ ^[0-9]{6}$ ]] || fail "no code in the outbox of $DATABASE for objection $OBJECTION (is it the running API's database?)."
confirmed=$(http POST "$(jq -r .confirmEndpoint <<< "$objection")" 200 -H 'Content-Type: application/json' -d "$(json --arg code "$code" '{$code}')")
expect "$(jq -r .confirmed <<< "$confirmed")" true "the objection's confirmed after its code"
as "$ADMIN" POST "/api/objections/$OBJECTION/resolve" 200 -H 'Content-Type: application/json' \
  -d '{"outcome": "Dismissed", "reason": "经核实，成效数据有第三方检测报告支撑。"}' > /dev/null
expect "$(sqlite3 "$DATABASE" "SELECT count(*) FROM OutgoingEmails WHERE upper(SourceId) = upper('$OBJECTION') AND Template = 'ObjectionResolved'")" 1 \
  "outcome e-mails to the objector"
say "Objected to the benchmark's entry ($(jq -r .receiptNumber <<< "$objection")), confirmed it with the e-mailed code $code, and the administrator dismissed it; the objector's outcome e-mail is in the outbox."

# --- The notice period passes on the development clock -----------------------------------------------------------
advanced=$(as "$ADMIN" POST /api/dev/clock/advance 200 -H 'Content-Type: application/json' -d '{"days": 8}')
say "Advanced the clock 8 days to $(jq -r .now <<< "$advanced") (offset $(jq -r .offset <<< "$advanced")); $(jq -r .timersFired <<< "$advanced") timers fired."

# Access tokens last 15 minutes of the API's clock, so the ones issued a week ago are refused now.
as "$ADMIN" GET /api/me 401 > /dev/null
signin "$ADMIN"
for app in "$SC_APP" "$DB_APP"; do
  expect "$(state_of "$app")" Approved "state after the notice ended"
  expect "$(as "$ADMIN" GET "/api/applications/$app/history" 200 | jq -r '.[-1] | "\(.trigger) \(.actorRole)"')" \
    "notice-ends System" "last history entry"
done
say "The old token now gets 401, so the administrator signed in again. No objection stands: both entries are Approved (notice-ends, by System)."

# --- Directories: publish, read, cache, export ----------------------------------------------------------------
check_directory() { # check_directory CALL NAME: publishes and checks the call's directory; sets DIRECTORY
  local id tag bom
  id=$(as "$ADMIN" POST "/api/calls/$1/directory" 201 | jq -r .id)
  http GET "/api/directories/$id" 200 | jq -e --arg code "$CODE" \
    '.number == 1 and .entryCount == 1 and .entries.items[0].creditCode == $code' > /dev/null \
    || fail "directory $id does not list our organisation."
  tag=$(header ETag)
  http GET "/api/directories/$id" 304 -H "If-None-Match: $tag" > /dev/null
  http GET "/api/directories/$id/export?format=csv" 200 > "$WORK/directory.csv"
  bom=$(head -c 3 "$WORK/directory.csv" | od -An -tx1 | tr -d ' \n')
  expect "$bom" efbbbf "the CSV export's first bytes (UTF-8 BOM)"
  grep -q "$CODE" "$WORK/directory.csv" || fail "the CSV export of $id does not contain $CODE."
  note "$2: directory $id, version 1, ETag ${tag:0:17}…\" (304 on If-None-Match), CSV with BOM"
  DIRECTORY=$id
}
check_directory "$SC_CALL" "security centres"
SC_DIRECTORY=$DIRECTORY
check_directory "$DB_CALL" "demonstration benchmarks"
for app in "$SC_APP" "$DB_APP"; do expect "$(state_of "$app")" Published "state after publishing"; done
say "Published both directories (名录): read anonymously, cached (304) and exported as CSV with a UTF-8 BOM."

progress=$(http GET /api/progress 200)
note "progress: $(jq -r '.[] | select(.key == "security-centre" or .key == "demonstration-benchmark") | "\(.key) selected \(.total.selected)"' <<< "$progress" | paste -sd ';' - | sed 's/;/; /g')"

# --- Leave room for the next run ----------------------------------------------------------------------------
entry=$(http GET "/api/directories/$SC_DIRECTORY" 200 | jq -r .entries.items[0].id)
tag=$(header ETag)
version2=$(as "$ADMIN" POST "/api/directory-entries/$entry/revoke" 200 -H 'Content-Type: application/json' \
  -d '{"reason": "端到端脚本演示结束，撤销以释放全国名额。"}')
expect "$(jq -r .number <<< "$version2")" 2 "the version a revocation publishes"
http GET "/api/directories/$SC_DIRECTORY" 304 -H "If-None-Match: $tag" > /dev/null
say "Revoked the security centre (version 2 of its directory; version 1 is unchanged), freeing its place under the ceiling of 20."

verify=$(as "$ADMIN" GET /api/audit/verify 200)
jq -e .valid <<< "$verify" > /dev/null || fail "the audit chain does not verify: $verify"
say "The audit chain verifies ($(jq -r .checked <<< "$verify") events)."

echo "Done in $((SECONDS - STARTED)) s: registration to published directories for a security centre and a demonstration benchmark."
