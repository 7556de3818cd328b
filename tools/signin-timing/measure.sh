#!/usr/bin/env bash
# Median answer times of refused sign-ins, per kind of refusal, against a running API (Development demo accounts).
# Start the API with the auth rate limit raised, e.g.
#   RateLimiting__Auth__PermitLimit=100000 dotnet run --project src/YangFan.Benchmarks.Api
# then: tools/signin-timing/measure.sh [base-url] [rounds]
set -euo pipefail
base=${1:-http://localhost:5080}; rounds=${2:-25}

time_of() { # email password -> seconds
  curl -s -o /dev/null -w '%{time_total}\n' "$base/api/auth/token" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$2\"}"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2) * 1000 " ms"}'; }

# Interleaved, so load on the machine falls on every kind alike. The expert's address is locked out after its
# first five wrong passwords; from then on "wrong password" rounds measure a locked-out address.
for kind in unknown wrong; do : > "/tmp/signin-$kind.txt"; done
for i in $(seq "$rounds"); do
  time_of "nobody-$i@example.cn" "Wrong-Passw0rd1" >> /tmp/signin-unknown.txt
  time_of "expert@demo.yangfan.cn" "Wrong-Passw0rd1" >> /tmp/signin-wrong.txt
done
echo "unknown e-mail:            $(median < /tmp/signin-unknown.txt)"
echo "wrong password / locked:   $(median < /tmp/signin-wrong.txt)"
