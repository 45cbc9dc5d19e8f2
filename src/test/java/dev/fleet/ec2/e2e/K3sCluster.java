package dev.fleet.ec2.e2e;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * k3s through Testcontainers, for {@code E2E_CLUSTER=k3s} on machines with a Docker engine. Without
 * one, every end-to-end test is skipped with a message saying why: asked-for k3s is never silently
 * replaced by the local API server.
 */
final class K3sCluster {
  static final String IMAGE = "rancher/k3s:v1.34.1-k3s1";
  private static K3sContainer container;

  private K3sCluster() {}

  static synchronized String kubeconfig() {
    if (container == null) {
      boolean docker;
      try {
        docker = DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException e) {
        docker = false;
      }
      Assumptions.assumeTrue(docker, "E2E_CLUSTER=k3s needs a running Docker engine for Testcontainers and none is"
          + " reachable: end-to-end tests skipped (unset E2E_CLUSTER to run them on the local kube-apiserver)");
      container = new K3sContainer(DockerImageName.parse(IMAGE));
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
    }
    return container.getKubeConfigYaml();
  }
}
