#!/usr/bin/env bash
# Checks that Package.swift's dependencies of every Swift target equal the modules its files
# import: a missing one builds only by luck of the build order (SwiftPM lets a module import a
# transitive dependency), an unused one hides the real layering. Run by `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

# Modules of the toolchain and the system, which Package.swift never lists.
readonly SYSTEM_MODULES="Foundation FoundationNetworking FoundationEssentials Glibc Musl Darwin Dispatch XCTest Testing Synchronization os"

# Executable targets: a test target lists one to have it built, without importing it.
readonly EXECUTABLES=$(grep -oE '\.executableTarget\(name: "[^"]+"' Package.swift | sed -E 's/.*"([^"]+)"/\1/')

# "name|dep1 dep2 ..." for each target, from its `.target(`, `.testTarget(` or
# `.executableTarget(` entry (an entry may span lines); products count by their name.
declared() {
  grep -v '^\s*//' Package.swift | tr '\n' ' ' | sed -E 's/\.(target|testTarget|executableTarget|systemLibrary)\(/\n&/g' \
    | grep -E '^\.(target|testTarget|executableTarget)\(name: "' | sed -E 's/\),\s*$//' | while IFS= read -r line; do
    name=$(sed -E 's/.*name: "([^"]+)".*/\1/' <<<"$line")
    deps=""
    if grep -q 'dependencies: \[' <<<"$line"; then
      list=$(sed -E 's/.*dependencies: \[([^]]*)\].*/\1/' <<<"$line")
      deps=$(grep -oE '\.product\(name: "[^"]+"|"[^"]+"' <<<"$list" | sed -E 's/.*"([^"]+)$/\1/; s/"//g' | sort -u | tr '\n' ' ')
    fi
    echo "$name|$deps"
  done
}

status=0
while IFS='|' read -r name deps; do
  if [[ -d "Sources/$name" ]]; then dir="Sources/$name"; elif [[ -d "Tests/$name" ]]; then dir="Tests/$name"; else continue; fi
  # C targets and system libraries have no Swift files: their dependencies are in headers.
  if ! find "$dir" -name '*.swift' | grep -q .; then continue; fi
  imported=$(find "$dir" -name '*.swift' -print0 | xargs -0 grep -hE '^\s*(@testable\s+|@_exported\s+)?import\s+[A-Za-z_][A-Za-z0-9_]*' \
    | sed -E 's/^\s*(@testable\s+|@_exported\s+)?import\s+([A-Za-z_][A-Za-z0-9_]*).*/\2/' | sort -u || true)
  for system in $SYSTEM_MODULES; do imported=$(grep -vx "$system" <<<"$imported" || true); done
  imported=$(tr '\n' ' ' <<<"$imported" | xargs -n1 2>/dev/null | sort -u | tr '\n' ' ')
  listed=$(xargs -n1 <<<"$deps" 2>/dev/null | sort -u | grep -vxF "$EXECUTABLES" | tr '\n' ' ' || true)
  missing=$(comm -23 <(xargs -n1 <<<"$imported" | sort -u) <(xargs -n1 <<<"$listed" | sort -u) | tr '\n' ' ')
  unused=$(comm -13 <(xargs -n1 <<<"$imported" | sort -u) <(xargs -n1 <<<"$listed" | sort -u) | tr '\n' ' ')
  if [[ -n "${missing// }" ]]; then echo "Package.swift: $name imports but does not list: $missing" >&2; status=1; fi
  if [[ -n "${unused// }" ]]; then echo "Package.swift: $name lists but never imports: $unused" >&2; status=1; fi
done < <(declared)
if [[ $status -eq 0 ]]; then echo "Package.swift dependencies match the imports of every Swift target"; fi
exit $status
