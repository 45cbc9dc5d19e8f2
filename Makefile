# ec2-fleet-operator: the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
MVN ?= mvn -B -ntp
JAR := target/ec2-fleet-operator.jar
HTTP_PORT ?= 8080

.PHONY: run test build bench chaos crds docs manifests env-up env-down tools clean

## run: start the local environment (if not running), apply the CRDs, run the operator in the foreground
run: build env-up
	@source .local/env.sh && kubectl apply --server-side --force-conflicts -f crds/ >/dev/null \
	  && echo "CRDs applied: $$(kubectl get crds -o name | grep -c ec2.fleet.dev) kinds in group ec2.fleet.dev"
	@echo
	@echo "Next, in another shell:"
	@echo "  source .local/env.sh"
	@echo "  kubectl get crds"
	@echo "  kubectl apply -f manifests/examples/"
	@echo "  curl -s http://127.0.0.1:$(HTTP_PORT)/metrics | head"
	@echo "Ctrl-C stops the operator; make env-down stops the API server and the emulator."
	@echo
	@source .local/env.sh && exec java -jar $(JAR) --cluster-name=local --http-address=127.0.0.1 --http-port=$(HTTP_PORT)

## test: build, unit tests, CRD drift check, end-to-end tests against the real API server and emulator
test: tools
	@test-e2e/tools.sh min-kubernetes >/dev/null
	@if [ "$${E2E_CLUSTER:-}" = k3s ] && ! docker info >/dev/null 2>&1; then \
	  echo "warning: E2E_CLUSTER=k3s needs a running Docker engine and none is reachable: the end-to-end tests will be reported as skipped (unset E2E_CLUSTER to run them on the local kube-apiserver)"; fi
	$(MVN) verify

## build: the executable jar, without tests
build:
	$(MVN) -q package -DskipTests

## bench: a bounded benchmark on its own local environment; prints what it measured (target/bench/report.txt)
bench: build tools
	@test-e2e/bench/run.sh

## chaos: operator SIGKILLs, an API server restart and EC2 faults on its own local environment; checks for
## duplicates and leaks (target/chaos/report.txt); fails on any. Knobs: see test-e2e/chaos/run.sh
chaos: build tools
	@test-e2e/chaos/run.sh

## crds: regenerate the CRDs from the Java types into crds/ and the Helm chart
crds:
	$(MVN) -q process-classes
	rm -f crds/*.yml helm/ec2-fleet-operator/crds/*.yml
	cp target/generated-crds/*.yml crds/
	cp target/generated-crds/*.yml helm/ec2-fleet-operator/crds/

## docs: regenerate docs/api.md from the CRDs (checked by the tests)
docs:
	$(MVN) -q test -Dtest=ApiReferenceTest -Dapi.docs.write=true -Dsurefire.failIfNoSpecifiedTests=false

## manifests: render manifests/install.yaml from the chart with default values, image left to set, and generate
## the AWS-side CloudFormation template manifests/aws/ec2-fleet-operator.yaml (both checked by the tests)
manifests: tools build
	@test-e2e/render-install.sh manifests/install.yaml
	@echo "manifests/install.yaml rendered"
	@java -jar $(JAR) aws-template > manifests/aws/ec2-fleet-operator.yaml
	@echo "manifests/aws/ec2-fleet-operator.yaml generated"

## tools: build kube-apiserver, kubectl, etcd, helm and install moto (first use only; cached)
tools:
	@test-e2e/tools.sh all >/dev/null

env-up:
	@test-e2e/env-up.sh

env-down:
	@test-e2e/env-down.sh

clean:
	$(MVN) -q clean
