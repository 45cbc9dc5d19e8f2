#!/usr/bin/env bash
# Renders manifests/install.yaml (or the file given) from the chart with its default values. The image is left
# empty on purpose: it is not published, so the API server refuses the Deployment until it is set, and the
# file's first lines say how. Used by `make manifests` and by HelmChartIT's drift check.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/../manifests/install.yaml"}
helm=$("$here/tools.sh" all | tail -n 1)/bin/helm
placeholder=IMAGE-NOT-SET
rendered=$("$helm" template ec2-fleet-operator "$here/../helm/ec2-fleet-operator" --namespace ec2-fleet-system \
  --include-crds --set image.repository=$placeholder)
grep -q "image: \"$placeholder:" <<<"$rendered" || { echo "error: the chart's image line was not found" >&2; exit 1; }
{
  cat <<'HEADER'
# ec2-fleet-operator: the Helm chart rendered with its default values (make manifests). Two things first:
#
# 1. The image. It is not published: build and push it (README, "Run it on AWS"), then apply with it set.
#    Applied as it is, the API server refuses the Deployment (spec.template.spec.containers[0].image:
#    Required value):
#      sed 's|image: ""|image: "<registry>/ec2-fleet-operator:0.1.0"|' manifests/install.yaml \
#        | kubectl apply --server-side -f -
# 2. What it sets: region us-east-1; clusterName "default" (written into the ownership tag of everything the
#    operator creates: unique per AWS account among installations, and never changed); credentials from IRSA or
#    EKS Pod Identity for the ServiceAccount ec2-fleet-system/ec2-fleet-operator, e.g.
#      kubectl -n ec2-fleet-system annotate serviceaccount ec2-fleet-operator eks.amazonaws.com/role-arn=<role ARN>
#    For anything else, install the chart (helm/ec2-fleet-operator) with your values.
HEADER
  printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ec2-fleet-system\n'
  sed "s|image: \"$placeholder:[^\"]*\"|image: \"\"|" <<<"$rendered"
} > "$out"
