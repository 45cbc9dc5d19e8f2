package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.instance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.OperatorRuntime;
import dev.fleet.ec2.api.v1alpha1.LaunchSpecification;
import dev.fleet.ec2.api.v1alpha1.LocalRef;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Helm chart lints, renders to the committed install manifest, applies to the real API server, and
 * its RBAC is enough for the operator, and no more: the operator runs with only the chart's
 * ServiceAccount token and manages all three kinds, while that token is refused Secrets and Deployments.
 */
@ExtendWith(E2eExtension.class)
class HelmChartIT {
  private static final String NS = "ec2-fleet-system";

  private static final String REPOSITORY = E2eEnvironment.TEST_IMAGE.substring(0,
      E2eEnvironment.TEST_IMAGE.lastIndexOf(':'));
  /** The chart rendered as release "x" with an image set (the chart requires one) and these extra arguments. */
  private static String template(E2eEnvironment env, String... args) throws Exception {
    List<String> argv = new java.util.ArrayList<>(List.of("helm", "template", "x", "helm/ec2-fleet-operator",
        "--set", "image.repository=" + REPOSITORY));
    argv.addAll(List.of(args));
    return env.run(argv.toArray(String[]::new));
  }

  @Test
  void chartLintsRendersToInstallYamlAndApplies(E2eEnvironment env) throws Exception {
    assertThat(env.run("helm", "lint", "helm/ec2-fleet-operator", "--set", "image.repository=" + REPOSITORY))
        .contains("0 chart(s) failed");
    assertThatThrownBy(() -> env.run("helm", "template", "x", "helm/ec2-fleet-operator"))
        .as("no image, no install: the message says how to get one").hasMessageContaining(
            "image.repository is required: the operator's image is not published. Build and push it");
    assertThat(template(env)).contains("image: \"" + E2eEnvironment.TEST_IMAGE + "\"");
    Path rendered = E2eEnvironment.ROOT.resolve("target/install-rendered.yaml");
    env.run("test-e2e/render-install.sh", rendered.toString());
    String committed = Files.readString(E2eEnvironment.ROOT.resolve("manifests/install.yaml"));
    assertThat(committed).as("manifests/install.yaml is the default render: run make manifests")
        .isEqualTo(Files.readString(rendered)).startsWith("# ec2-fleet-operator: the Helm chart rendered")
        .contains("\napiVersion: v1\nkind: Namespace\n", "        image: \"\"\n",
            "sed 's|image: \"\"|image: \"<registry>/ec2-fleet-operator:0.1.0\"|' manifests/install.yaml");
    assertThatThrownBy(() -> env.run("kubectl", "apply", "--server-side", "--dry-run=server", "-f",
        "manifests/install.yaml")).as("applied without its image, the Deployment is refused")
        .hasMessageContaining("spec.template.spec.containers[0].image: Required value");
    String namespaced = template(env, "--set", "replicas=2", "--set",
        "metrics.serviceMonitor.enabled=true", "--set", "metrics.prometheusRule.enabled=true", "--set",
        "metrics.dashboard.enabled=true", "--set", "watchNamespaces={team-a,team-b}");
    assertThat(namespaced).contains("kind: PodDisruptionBudget", "kind: ServiceMonitor", "kind: PrometheusRule",
        "grafana_dashboard", "namespace: team-a", "namespace: team-b");
    // watching some namespaces, the only cluster-wide grant is reading AwsAccounts (cluster-scoped) and namespaces
    assertThat(namespaced.split("\nkind: ClusterRole\n", -1)).as("one ClusterRole").hasSize(2);
    String clusterRole = namespaced.substring(namespaced.indexOf("\nkind: ClusterRole\n"));
    clusterRole = clusterRole.substring(0, clusterRole.indexOf("\n---"));
    assertThat(clusterRole).contains("name: x-ec2-fleet-operator-accounts", "resources: [\"awsaccounts\"]",
        "resources: [\"namespaces\"]").doesNotContain("ec2instances", "secrets", "delete", "create\", \"update");

    assertThat(committed).as("adoption and instance profiles are off unless the administrator sets them")
        .contains("{name: ADOPTION_NAMESPACES, value: \"\"}", "{name: ALLOWED_INSTANCE_PROFILES, value: \"\"}");
    assertThat(template(env, "--set", "adoption.namespaces={team-a,team-b}",
        "--set", "instanceProfiles.allowed={web}"))
        .contains("{name: ADOPTION_NAMESPACES, value: \"team-a,team-b\"}", "{name: ALLOWED_INSTANCE_PROFILES, value: \"web\"}");
    assertThat(committed).as("no AWS profile files unless given").doesNotContain("/etc/aws");
    assertThat(template(env, "--set", "keyPairs.secrets=false"))
        .as("keyPairs.secrets=false: no access to Secrets in the watched namespaces")
        .doesNotContain("verbs: [\"get\", \"list\", \"watch\", \"create\", \"update\", \"patch\", \"delete\"]")
        .contains("{name: KEY_PAIR_SECRETS, value: \"false\"}");
    assertThat(template(env, "--set", "aws.profilesSecret=aws-profiles"))
        .contains("{name: AWS_CONFIG_FILE, value: /etc/aws/config}",
            "{name: AWS_SHARED_CREDENTIALS_FILE, value: /etc/aws/credentials}",
            "{name: aws-profiles, mountPath: /etc/aws, readOnly: true}", "secretName: \"aws-profiles\"");
    assertThat(committed).as("no ConfigMap is read unless one is named").doesNotContain("configmaps");
    assertThat(template(env, "--set", "onDemandPricesConfigMap=prices"))
        .contains("{name: ON_DEMAND_PRICES_CONFIGMAP, value: \"prices\"}", "resources: [\"configmaps\"]",
            "resourceNames: [\"prices\"]", "name: x-ec2-fleet-operator-prices");
    assertThat(committed).as("orphans are only reported unless the administrator opts in")
        .contains("{name: ORPHAN_POLICY, value: \"report\"}", "{name: ORPHAN_GRACE, value: \"10m\"}");
    assertThat(template(env, "--set", "orphans.policy=delete",
        "--set", "orphans.grace=1h")).contains("{name: ORPHAN_POLICY, value: \"delete\"}",
        "{name: ORPHAN_GRACE, value: \"1h\"}");
    assertThat(env.applyInstallManifest())
        .contains("deployment.apps/ec2-fleet-operator serverside-applied",
            "clusterrole.rbac.authorization.k8s.io/ec2-fleet-operator serverside-applied");
    var deployment = env.client().apps().deployments().inNamespace(NS).withName("ec2-fleet-operator").get();
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo(E2eEnvironment.TEST_IMAGE);
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
  }

  @Test
  void theOperatorNeedsNothingBeyondTheChartsRbac(E2eEnvironment env, TestNamespace ns) throws Exception {
    env.applyInstallManifest();
    String token = env.client().serviceAccounts().inNamespace(NS).withName("ec2-fleet-operator")
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
        .getStatus().getToken();
    Config admin = env.client().getConfiguration();
    Config asOperator = new ConfigBuilder(Config.empty()).withMasterUrl(admin.getMasterUrl())
        .withCaCertData(admin.getCaCertData()).withCaCertFile(admin.getCaCertFile()).withOauthToken(token).build();

    try (KubernetesClient operatorClient = new KubernetesClientBuilder().withConfig(asOperator).build();
        OperatorRuntime runtime = OperatorRuntime.start(env.operatorConfig(Map.of("CLUSTER_NAME", "e2e-rbac")),
            operatorClient)) {
      var groups = new SecurityGroupResources(env, ns);
      var instances = new Ec2InstanceResources(env, ns);
      groups.create(SecurityGroupResources.group("web-sg", List.of(SecurityGroupResources.rule("tcp", 22, 22,
          "203.0.113.7/32", "ssh"))));
      var web = instance("web-1", "t3.micro", Map.of());
      web.getSpec().setSecurityGroupRefs(List.of(new LocalRef("web-sg")));
      instances.create(web);
      var fleet = new SpotFleet();
      fleet.setMetadata(new ObjectMetaBuilder().withName("batch").build());
      fleet.setSpec(new SpotFleetSpec());
      fleet.getSpec().setTargetCapacity(2);
      var ls = new LaunchSpecification();
      ls.setImageId(Ec2InstanceResources.AMI);
      ls.setInstanceType("t3.micro");
      fleet.getSpec().setLaunchSpecifications(List.of(ls));
      env.client().resources(SpotFleet.class).inNamespace(ns.name()).resource(fleet).create();

      groups.awaitSynced("web-sg");
      instances.awaitReady("web-1");
      org.awaitility.Awaitility.await("fleet Ready").atMost(Ec2InstanceResources.PATIENCE).until(() -> {
        var f = env.client().resources(SpotFleet.class).inNamespace(ns.name()).withName("batch").get();
        return f.getStatus() != null && f.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
      });
      assertThat(env.client().v1().events().inNamespace(ns.name()).list().getItems())
          .as("events written with the operator's own token").isNotEmpty();

      // a KeyPair keeps its private key in a Secret it owns: the chart grants Secrets (keyPairs.secrets, default true)
      var kp = new dev.fleet.ec2.api.v1alpha1.KeyPair();
      kp.setMetadata(new ObjectMetaBuilder().withName("deploy").build());
      kp.setSpec(new dev.fleet.ec2.api.v1alpha1.KeyPairSpec());
      env.client().resources(dev.fleet.ec2.api.v1alpha1.KeyPair.class).inNamespace(ns.name()).resource(kp).create();
      org.awaitility.Awaitility.await("key pair Secret written").atMost(Ec2InstanceResources.PATIENCE)
          .until(() -> env.client().secrets().inNamespace(ns.name()).withName("deploy-ssh").get() != null);
      assertThatThrownBy(() -> operatorClient.apps().deployments().inNamespace(ns.name()).resource(
          new DeploymentBuilder().withNewMetadata().withName("nope").endMetadata().withNewSpec()
              .withNewSelector().addToMatchLabels("a", "b").endSelector().withNewTemplate().withNewMetadata()
              .addToLabels("a", "b").endMetadata().withNewSpec().addNewContainer().withName("c").withImage("i")
              .endContainer().endSpec().endTemplate().endSpec().build()).create())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
      E2eExtension.deleteAllAndAwait(ns); // while the operator still runs
    }
  }
}
