#!/usr/bin/env bash
# The real-engine tier's toolchain (README "Testing"), built from the Go module proxy at pinned versions and
# cached outside the repository in one folder: ${XDG_CACHE_HOME:-$HOME/.cache}/aws-identity-center-authentik/.
# Idempotent: a tool already built at its pinned version is only reported, so a second run takes seconds.
#
#   bin/pulumi                          the Pulumi CLI and engine, github.com/pulumi/pulumi/pkg/v3 (go build)
#   bin/pulumi-resource-pulumi-nodejs   the dynamic-provider host script, shipped in the sdk module's nodejs/dist/
#                                       (3.248.0 ships no `pulumi-analyzer-policy` shim any more: the CLI runs a
#                                       Node.js policy pack through the language host's RunPlugin)
#   bin/pulumi-language-nodejs          see below: a stand-in when the proxy refuses the real module
#   venv-test/                          moto[server] from PyPI, pinned by requirements-test.txt + requirements-lock.txt
#
# What the Go module proxy refused on this project's machine (each tried once more by this script on every cold
# run; the stand-ins are used only when the real module cannot be fetched):
#   go mod download -json github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@v3.248.0
#     -> 403 Forbidden "This module version is not available"  => tests/standins/languageHost.js (Node gRPC
#        LanguageRuntime that spawns @pulumi/pulumi's cmd/run exactly like the Go host)
#   go mod download -json goauthentik.io/terraform-provider-authentik@v2026.5.0
#   go mod download -json github.com/pulumi/pulumi-terraform-bridge/dynamic@v1.1.3   (and …/pf)
#     -> 403 Forbidden "This module version is not available"  => tests/standins/authentikProvider (a Pulumi
#        provider for the authentik:index/* tokens sdks/authentik registers), see sdks/authentik/README.md
set -euo pipefail
PULUMI_VERSION=3.248.0            # = @pulumi/pulumi in package.json
MODULE_LANGUAGE_NODEJS=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
MODULE_TF_AUTHENTIK=goauthentik.io/terraform-provider-authentik
TF_AUTHENTIK_VERSION=v2026.5.0
MODULE_BRIDGE_DYNAMIC=github.com/pulumi/pulumi-terraform-bridge/dynamic
BRIDGE_VERSION=v1.1.3            # = packages.authentik.version in Pulumi.yaml

REPO="$(cd "$(dirname "$0")/../.." && pwd)"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/aws-identity-center-authentik"
BIN="$CACHE/bin"
SRC="$CACHE/src"
export GOMODCACHE="$CACHE/gomod" GOFLAGS=-buildvcs=false GOTOOLCHAIN=local
mkdir -p "$BIN" "$SRC"

step() { # name, command...: runs the command, prints its time
  local name=$1 t0; shift; t0=$(date +%s)
  "$@"
  echo "toolchain: $name ready in $(( $(date +%s) - t0 ))s"
}

module_dir() { go mod download -json "$1" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p'; }

build_pulumi() {
  if [ -x "$BIN/pulumi" ] && "$BIN/pulumi" version 2>/dev/null | grep -qx "v$PULUMI_VERSION"; then return; fi
  local pkg sdk; pkg=$(module_dir "github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION")
  sdk=$(module_dir "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION")
  # pkg's go.mod says `replace github.com/pulumi/pulumi/sdk/v3 => ../sdk`: lay the two out as siblings, writable.
  rm -rf "$SRC/pulumi" && mkdir -p "$SRC/pulumi"
  cp -r "$pkg" "$SRC/pulumi/pkg" && cp -r "$sdk" "$SRC/pulumi/sdk" && chmod -R u+w "$SRC/pulumi"
  (cd "$SRC/pulumi/pkg" && go build -o "$BIN/pulumi" \
    -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" ./cmd/pulumi)
}

install_plugin_scripts() {
  # The real scripts from the sdk module (the same files the Pulumi release archives ship).
  local sdk="$SRC/pulumi/sdk"
  [ -d "$sdk" ] || sdk=$(module_dir "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION")
  install -m 0755 "$sdk/nodejs/dist/pulumi-resource-pulumi-nodejs" "$BIN/pulumi-resource-pulumi-nodejs"
}

try_module() { # module@version: 0 when the proxy serves it; the refusal is printed either way
  go mod download -json "$1" >"$CACHE/last-try.json" 2>&1 && ! grep -q '"Error"' "$CACHE/last-try.json" && return 0
  echo "toolchain: proxy refused $1: $(grep -o '"Error": "[^"]*' "$CACHE/last-try.json" | head -1 | cut -c11-)"
  return 1
}

language_host() {
  if [ -f "$CACHE/language-nodejs.kind" ]; then return; fi
  if try_module "$MODULE_LANGUAGE_NODEJS@v$PULUMI_VERSION"; then
    local d; d=$(module_dir "$MODULE_LANGUAGE_NODEJS@v$PULUMI_VERSION")
    # Four levels below the repository root, with relative replaces to sdk and pkg: same sibling layout.
    mkdir -p "$SRC/pulumi/sdk/nodejs/cmd" && rm -rf "$SRC/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs"
    cp -r "$d" "$SRC/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs" && chmod -R u+w "$SRC/pulumi/sdk/nodejs/cmd"
    (cd "$SRC/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs" && go build -o "$BIN/pulumi-language-nodejs" .)
    echo real >"$CACHE/language-nodejs.kind"
  else
    echo standin >"$CACHE/language-nodejs.kind"
  fi
}

authentik_provider() {
  if [ -f "$CACHE/authentik-provider.kind" ]; then return; fi
  if try_module "$MODULE_TF_AUTHENTIK@$TF_AUTHENTIK_VERSION" && try_module "$MODULE_BRIDGE_DYNAMIC@$BRIDGE_VERSION"; then
    GOBIN="$BIN" go install "$MODULE_TF_AUTHENTIK@$TF_AUTHENTIK_VERSION"
    echo real >"$CACHE/authentik-provider.kind"   # bridge layout: TODO once the proxy serves it
  else
    echo standin >"$CACHE/authentik-provider.kind"
  fi
}

python_venv() {
  local venv="$CACHE/venv-test"
  [ -x "$venv/bin/moto_server" ] && "$venv/bin/pip" show moto 2>/dev/null | grep -qx 'Version: 5.2.5' && return
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$REPO/requirements-test.txt"
}

step pulumi build_pulumi
step plugin-scripts install_plugin_scripts
step pulumi-language-nodejs language_host
step authentik-provider authentik_provider
step moto python_venv
# Stand-ins are repository files; a symlink puts the language host on PATH under the name the CLI looks for.
if [ "$(cat "$CACHE/language-nodejs.kind")" = standin ]; then
  ln -sf "$REPO/tests/standins/languageHost.js" "$BIN/pulumi-language-nodejs"
fi
echo "toolchain: pulumi $("$BIN/pulumi" version)"
echo "toolchain: pulumi-language-nodejs $(cat "$CACHE/language-nodejs.kind")"
echo "toolchain: authentik provider $(cat "$CACHE/authentik-provider.kind")"
echo "toolchain: $("$CACHE/venv-test/bin/pip" show moto | grep ^Version | sed 's/Version: /moto /')"
echo "toolchain: PATH prefix $BIN"
