package dev.fleet.ec2.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The API server enforces RBAC, and a service-account token from TokenRequest authenticates. */
@ExtendWith(E2eExtension.class)
class RbacIT {

  @Test
  void serviceAccountIsForbiddenUntilBoundThenAllowed(E2eEnvironment env, TestNamespace ns) {
    KubernetesClient admin = env.client();
    admin.serviceAccounts().inNamespace(ns.name())
        .resource(new ServiceAccountBuilder().withNewMetadata().withName("reader").endMetadata().build()).create();
    String token = admin.serviceAccounts().inNamespace(ns.name()).withName("reader")
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build())
        .getStatus().getToken();
    assertThat(token).isNotBlank();

    Config asReader = new ConfigBuilder(Config.empty())
        .withMasterUrl(admin.getConfiguration().getMasterUrl())
        .withCaCertData(admin.getConfiguration().getCaCertData())
        .withCaCertFile(admin.getConfiguration().getCaCertFile())
        .withOauthToken(token)
        .build();
    try (KubernetesClient reader = new KubernetesClientBuilder().withConfig(asReader).build()) {
      var asReaderInstances = reader.resources(Ec2Instance.class).inNamespace(ns.name());
      assertThatThrownBy(asReaderInstances::list)
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));

      admin.rbac().roles().inNamespace(ns.name()).resource(new RoleBuilder()
          .withNewMetadata().withName("ec2-reader").endMetadata()
          .withRules(new PolicyRuleBuilder().withApiGroups("ec2.fleet.dev").withResources("ec2instances")
              .withVerbs("get", "list", "watch").build())
          .build()).create();
      admin.rbac().roleBindings().inNamespace(ns.name()).resource(new RoleBindingBuilder()
          .withNewMetadata().withName("ec2-reader").endMetadata()
          .withNewRoleRef("rbac.authorization.k8s.io", "Role", "ec2-reader")
          .addNewSubject().withKind("ServiceAccount").withName("reader").withNamespace(ns.name()).endSubject()
          .build()).create();

      Awaitility.await("binding takes effect").atMost(Duration.ofSeconds(20)).ignoreExceptions()
          .untilAsserted(() -> assertThat(asReaderInstances.list().getItems()).isEmpty());
      // still only what the role grants: other kinds stay forbidden
      assertThatThrownBy(() -> reader.resources(dev.fleet.ec2.api.v1alpha1.SpotFleet.class)
          .inNamespace(ns.name()).list())
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
    }
  }
}
