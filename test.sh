#!/usr/bin/env bash
# Runs every test of the solution in Release. Extra arguments go to 'dotnet test' (e.g. --no-build).
set -uo pipefail
cd "$(dirname "$0")"
exec dotnet test MatCarv.Sdk.sln -c Release --logger "console;verbosity=minimal" "$@"
