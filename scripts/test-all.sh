#!/usr/bin/env bash
# The full test command (README: `npm run test:all`). Installs the system packages the suites need when
# they are missing (Debian/Ubuntu), fails loudly if one still is, then runs lint, types and every suite.
set -euo pipefail
cd "$(dirname "$0")/.."

# binary -> Debian package that provides it
declare -A PROVIDES=(
  [mariadbd]=mariadb-server
  [mariadb-install-db]=mariadb-server
  [nginx]=nginx
  [chromium]=chromium
  [ansible-playbook]=ansible
  [ansible-lint]=ansible-lint
  [shellcheck]=shellcheck
)

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }

missing=()
for bin in "${!PROVIDES[@]}"; do
  have "$bin" || missing+=("${PROVIDES[$bin]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  mapfile -t packages < <(printf '%s\n' "${missing[@]}" | sort -u)
  echo "test:all: installing missing system packages: ${packages[*]}"
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "test:all: apt-get not found; install ${packages[*]} by hand (see README)." >&2
    exit 1
  fi
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
for bin in "${!PROVIDES[@]}"; do
  if ! have "$bin"; then
    echo "test:all: required binary '$bin' (package ${PROVIDES[$bin]}) is still missing; refusing to skip its suites." >&2
    exit 1
  fi
done

echo "test:all: lint and types"
npm run --silent lint
npm run --silent typecheck

echo "test:all: every test suite"
mkdir -p test-results
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync("test-results/vitest.json", "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
  if (r.numTotalTests === 0) { console.error("test:all: no test ran"); process.exit(1); }
' || status=1
exit $status
