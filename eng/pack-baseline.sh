#!/usr/bin/env bash
# Packs the previous release (eng/PackageBaseline.props: version and commit) from git history into
# artifacts/package-baseline/<version>/, offline, so that package validation can compare today's packages with it:
#   eng/pack-baseline.sh && dotnet pack MatCarv.Sdk.sln -c Release -o out
# Needs the commit in the clone (a shallow clone needs 'git fetch --unshallow' first). Idempotent: an existing, complete
# baseline folder is kept.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
props="$root/eng/PackageBaseline.props"
version=$(sed -n 's:.*<MatCarvBaselineVersion>\(.*\)</MatCarvBaselineVersion>.*:\1:p' "$props")
commit=$(sed -n 's:.*<MatCarvBaselineCommit>\(.*\)</MatCarvBaselineCommit>.*:\1:p' "$props")
packages=$(sed -n 's:.*<MatCarvBaselinePackages>\(.*\)</MatCarvBaselinePackages>.*:\1:p' "$props" | tr ';' ' ')
out="$root/artifacts/package-baseline/$version"

if [ -f "$out/.complete" ]; then
  echo "baseline $version already packed in $out"
  exit 0
fi

if ! git -C "$root" cat-file -e "$commit^{commit}" 2>/dev/null; then
  echo "baseline commit $commit is not in this clone (shallow? run 'git fetch --unshallow')" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/matcarv-baseline.XXXXXX")
trap 'rm -rf "$work"' EXIT
git -C "$root" archive "$commit" | tar -x -C "$work"
rm -rf "$out"
mkdir -p "$out"
for package in $packages; do
  dotnet pack "$work/src/$package/$package.csproj" -c Release -o "$out" -p:Version="$version" \
    -p:ContinuousIntegrationBuild=true -p:IncludeSymbols=false --nologo -v:q
done
touch "$out/.complete"
echo "baseline $version packed from $commit into $out"
