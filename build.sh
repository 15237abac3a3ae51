#!/usr/bin/env bash
# Thin wrapper over dotnet; build.ps1 is its twin. Usage: ./build.sh [restore|build|test|format|publish|all]...
set -euo pipefail
cd "$(dirname "$0")"
configuration="${CONFIGURATION:-Release}"

restore() { dotnet restore NodeAgent.sln; }
build() { dotnet build NodeAgent.sln -c "$configuration" --no-restore; }
test() { dotnet test NodeAgent.sln -c "$configuration" --no-build; }
format() { dotnet format NodeAgent.sln --verify-no-changes --no-restore; }
publish() {
  for rid in linux-x64 linux-arm64; do
    dotnet publish agent/NodeAgent.csproj -c "$configuration" -r "$rid" --self-contained -o "artifacts/publish/$rid"
  done
}

steps=("$@")
[ ${#steps[@]} -eq 0 ] && steps=(all)
for step in "${steps[@]}"; do
  case "$step" in
    restore|build|test|format|publish) "$step" ;;
    all) restore; build; test; publish ;;
    *) echo "build.sh: unknown step '$step' (restore, build, test, format, publish, all)" >&2; exit 2 ;;
  esac
done
