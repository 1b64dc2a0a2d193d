#!/usr/bin/env bash
# The main job, end to end: build the agent and the examples, run the HTTP report server that creates a thread
# pool per request and never shuts it down, under -javaagent, send it requests, and print what the agent found.
set -euo pipefail
cd "$(dirname "$0")"

echo "== building (mvn -q -DskipTests install)"
mvn -q -B -ntp -DskipTests install

AGENT=agent-core/target/threadstorm-agent.jar
REPORTS=target/demo-reports
rm -rf "$REPORTS" && mkdir -p "$REPORTS"
LOG=target/demo-server.log

echo "== starting io.threadstorm.examples.pool.LeakyReportServer with -javaagent:$AGENT"
java -javaagent:"$AGENT"=interval=250ms,minAge=1s,reportDir="$REPORTS" \
  -cp examples/target/threadstorm-examples.jar io.threadstorm.examples.pool.LeakyReportServer \
  --no-load --duration=60 >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT

PORT=""
for _ in $(seq 1 100); do
  PORT=$(sed -n 's#^listening on http://127.0.0.1:\([0-9]*\)/#\1#p' "$LOG")
  [[ -n "$PORT" ]] && break
  sleep 0.1
done
[[ -n "$PORT" ]] || { echo "the server did not start:"; cat "$LOG"; exit 1; }

get() { # one HTTP GET; curl when there is one, else bash's /dev/tcp
  if command -v curl >/dev/null; then
    curl -s -o /dev/null "http://127.0.0.1:$PORT/report?id=$1"
  else
    exec 3<>"/dev/tcp/127.0.0.1/$PORT" && printf 'GET /report?id=%s HTTP/1.0\r\n\r\n' "$1" >&3 && cat <&3 >/dev/null
    exec 3<&-
  fi
}

echo "== sending requests to http://127.0.0.1:$PORT/report until the agent reports a surge"
REPORT=""
for i in $(seq 1 150); do
  get "$i"
  REPORT=$(ls "$REPORTS"/threadstorm-*-surge.json 2>/dev/null | head -n 1 || true)
  [[ -n "$REPORT" ]] && break
  sleep 0.2
done
[[ -n "$REPORT" ]] || { echo "no surge report after $i requests; server log:"; cat "$LOG"; exit 1; }

echo "== after $i requests the agent wrote $REPORT"
echo
java -jar "$AGENT" render "$REPORT" | sed '/^**Example threads/q'
echo
echo "verdict: $(sed -n 's/.*"verdict" *: *"\(.*\)".*/\1/p' "$REPORT" | head -n 1)"
echo "report:  $REPORT (Markdown beside it: ${REPORT%.json}.md)"
